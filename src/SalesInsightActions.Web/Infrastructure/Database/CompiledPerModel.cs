using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SalesInsightActions.Web.Infrastructure.Database;

/// <summary>
/// An EF compiled query (<see cref="EF.CompileAsyncQuery{TContext,TResult}(System.Linq.Expressions.Expression{Func{TContext,TResult}})"/>
/// and its overloads) for the hot paths of the busiest pages. Compiled, EF neither re-walks the LINQ tree nor looks the
/// query up in its cache on every call, and it writes the query's own constants (a page size in Take) into the SQL, where
/// an ordinary query sends them as parameters: PostgreSQL cannot plan a parameterised LIMIT once for every call, so it
/// planned those statements again on every execution. A compiled query serves one model, and the PostgreSQL and SQLite
/// contexts have one each (both run in the test process), so it is compiled once per model.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : Delegate
{
    private readonly ConcurrentDictionary<IModel, TQuery> _byModel = new();

    public TQuery For(DbContext db) => _byModel.GetOrAdd(db.Model, _ => compile());
}
