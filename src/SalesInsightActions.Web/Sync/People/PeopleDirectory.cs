using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.Activities;

namespace SalesInsightActions.Web.Sync.People;

public sealed record PeoplePage(IReadOnlyList<Person> People, int Page, bool HasNext);

/// <summary>
/// A person, the link to their Salesforce record (contact first, else lead) when the account has a Salesforce connection,
/// and their sales activities.
/// </summary>
public sealed record PersonDetail(Person Person, string? SalesforceRecordUrl, IReadOnlyList<TimelineEntry> Activities);

/// <summary>Read-only access to the synced people (Marketo is the source of truth: nothing here edits them).</summary>
public sealed class PeopleDirectory(AppDbContext db, PersonTimeline timeline)
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

    /// <summary>The person page: the person, linked to Salesforce through the account's Salesforce connection.</summary>
    public async Task<PersonDetail?> DetailAsync(long marketoId, CancellationToken ct)
    {
        if (await FindAsync(marketoId, ct) is not { } person)
        {
            return null;
        }

        var recordId = person.SalesforceContactId ?? person.SalesforceLeadId;
        var instance = recordId is null ? null : await SalesforceInstanceUrlAsync(ct);
        var activities = await timeline.ForPersonAsync(marketoId, ct);
        return new PersonDetail(person, instance is null ? null : instance.TrimEnd('/') + "/" + Uri.EscapeDataString(recordId!), activities);
    }

    /// <summary>The Salesforce instance to link records to: the account's Salesforce connection, if it has one.</summary>
    public async Task<string?> SalesforceInstanceUrlAsync(CancellationToken ct) =>
        await db.SalesforceConnections.AsNoTracking().Where(c => c.IsAccountConnection).Select(c => c.InstanceUrl).FirstOrDefaultAsync(ct);
}
