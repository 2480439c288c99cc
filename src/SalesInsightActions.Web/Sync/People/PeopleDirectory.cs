using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.People;

public sealed record PeoplePage(IReadOnlyList<Person> People, int Page, bool HasNext);

/// <summary>Read-only access to the synced people (Marketo is the source of truth: nothing here edits them).</summary>
public sealed class PeopleDirectory(AppDbContext db)
{
    public const int PageSize = 50;

    /// <summary>
    /// People whose name, last name, email or company starts with <paramref name="search"/> (case-insensitive, one
    /// index per column), ordered by Marketo id, one page at a time.
    /// </summary>
    public async Task<PeoplePage> SearchAsync(string? search, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var query = db.People.AsNoTracking();
        var term = search?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(term))
        {
            query = query.Where(p => p.SearchName.StartsWith(term) || p.SearchLastName.StartsWith(term) || p.SearchEmail.StartsWith(term) || p.SearchCompany.StartsWith(term));
        }

        var rows = await query.OrderBy(p => p.MarketoId).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        return new PeoplePage(rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
    }

    public Task<Person?> FindAsync(long marketoId, CancellationToken ct) =>
        db.People.AsNoTracking().FirstOrDefaultAsync(p => p.MarketoId == marketoId, ct);

    /// <summary>The Salesforce instance to link records to: any member's connection of this account, if one exists.</summary>
    public async Task<string?> SalesforceInstanceUrlAsync(CancellationToken ct) =>
        await db.SalesforceConnections.AsNoTracking().OrderByDescending(c => c.IsAccountConnection).Select(c => c.InstanceUrl).FirstOrDefaultAsync(ct);
}
