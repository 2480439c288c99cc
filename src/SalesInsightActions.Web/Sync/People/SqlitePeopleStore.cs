using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>
/// SQLite (the embedded default): one prepared upsert reused for every row of the batch, inside the batch's one
/// transaction. Values are bound the way EF Core stores them (Guid and DateTime as text) so EF reads them back.
/// </summary>
internal sealed class SqlitePeopleStore : IPeopleStore
{
    private static readonly string UpsertSql = $"""
        INSERT INTO {PeopleTable.Name} ({string.Join(", ", PeopleTable.Columns)})
        VALUES ({string.Join(", ", PeopleTable.Columns.Select((_, i) => $"$p{i}"))})
        ON CONFLICT (sales_account_id, marketo_id) DO UPDATE SET
            {string.Join(", ", PeopleTable.UpdatedColumns.Select(c => $"{c} = excluded.{c}"))}
        WHERE {PeopleTable.Name}.sales_account_id = $p0 AND {PeopleTable.Name}.content_hash <> excluded.content_hash
        """;

    /// <summary>SQLite has no faster bulk path than the prepared statement: new people go through the upsert.</summary>
    public Task<int> InsertNewAsync(AppDbContext db, Guid accountId, IReadOnlyList<PersonRecord> people, DateTime now, CancellationToken ct) =>
        UpsertAsync(db, accountId, people, now, ct);

    public async Task<int> UpsertAsync(AppDbContext db, Guid accountId, IReadOnlyList<PersonRecord> people, DateTime now, CancellationToken ct)
    {
        if (people.Count == 0)
        {
            return 0;
        }

        await using var command = Command(db, UpsertSql);
        var parameters = PeopleTable.Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        var written = 0;
        foreach (var person in PeopleTable.Distinct(people))
        {
            var values = PeopleTable.Values(accountId, person, now);
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = Bind(values[i]);
            }

            written += await command.ExecuteNonQueryAsync(ct);
        }

        return written;
    }

    public async Task<int> DeleteAsync(AppDbContext db, Guid accountId, IReadOnlyCollection<long> marketoIds, CancellationToken ct)
    {
        await using var command = Command(db, $"DELETE FROM {PeopleTable.Name} WHERE sales_account_id = $account AND marketo_id = $id");
        command.Parameters.AddWithValue("$account", Bind(accountId));
        var id = command.Parameters.Add(new SqliteParameter("$id", null));
        var deleted = 0;
        foreach (var marketoId in marketoIds)
        {
            id.Value = marketoId;
            deleted += await command.ExecuteNonQueryAsync(ct);
        }

        return deleted;
    }

    private static SqliteCommand Command(AppDbContext db, string sql)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("People are written inside the batch's transaction, with its checkpoint.");
        var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction)transaction;
        return command;
    }

    // EF Core's SQLite mappings: Guid as upper-case text, DateTime as "yyyy-MM-dd HH:mm:ss.FFFFFFF".
    private static object Bind(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString().ToUpperInvariant(),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        _ => value,
    };
}
