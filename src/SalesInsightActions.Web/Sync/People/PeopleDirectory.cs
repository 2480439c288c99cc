using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.Activities;

namespace SalesInsightActions.Web.Sync.People;

/// <param name="After">The Marketo id this page starts after (null on the first page).</param>
/// <param name="NextAfter">The Marketo id the next page starts after (null on the last page).</param>
public sealed record PeoplePage(IReadOnlyList<Person> People, long? After, long? NextAfter);

/// <summary>
/// A person, the link to their Salesforce record (contact first, else lead) when the account has a Salesforce connection,
/// and their sales activities.
/// </summary>
/// <param name="OlderActivities">The cursor of the next (older) page of activities, null when these are the oldest.</param>
public sealed record PersonDetail(Person Person, string? SalesforceRecordUrl, IReadOnlyList<TimelineEntry> Activities, string? OlderActivities = null, DateTime? UnsubscribedAt = null);

/// <summary>Read-only access to the synced people (Marketo is the source of truth: nothing here edits them).</summary>
public sealed class PeopleDirectory(AppDbContext db, PersonTimeline timeline)
{
    public const int PageSize = 50;

    /// <summary>
    /// People whose name, last name, email or company starts with <paramref name="search"/> (case-insensitive, one
    /// index per column), ordered by Marketo id, one page at a time after <paramref name="after"/> (keyset pagination:
    /// page 30,000 of 1.5M people costs what page 1 costs).
    /// </summary>
    public async Task<PeoplePage> SearchAsync(string? search, long? after, CancellationToken ct)
    {
        var query = db.People.AsNoTracking();
        if (after is { } last)
        {
            query = query.Where(p => p.MarketoId > last);
        }

        var term = search?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(term) && db.Database.IsNpgsql())
        {
            // One branch per column, each a range scan of its own index: with the four conditions OR-ed, PostgreSQL
            // may walk the primary key in Marketo id order and filter, which for a rare term reads all 1.5M people.
            // Each branch reads Marketo ids only, which its index carries (index-only: a common prefix shared by
            // thousands of people costs index entries, not rows); only the page's people are then read by key.
            IQueryable<long> Branch(System.Linq.Expressions.Expression<Func<Person, bool>> match) =>
                query.Where(match).OrderBy(p => p.MarketoId).Select(p => p.MarketoId).Take(PageSize + 1);
            var ids = Branch(p => p.SearchName.StartsWith(term))
                .Union(Branch(p => p.SearchLastName.StartsWith(term)))
                .Union(Branch(p => p.SearchEmail.StartsWith(term)))
                .Union(Branch(p => p.SearchCompany.StartsWith(term)))
                .OrderBy(id => id).Take(PageSize + 1);
            query = db.People.AsNoTracking().Where(p => ids.Contains(p.MarketoId));
        }
        else if (!string.IsNullOrEmpty(term) && term[^1] < char.MaxValue)
        {
            // SQLite's LIKE ignores case, so it cannot use these (binary) indexes; the copies are lower-cased already,
            // so "starts with" is the range [term, term with its last character bumped), which each index answers.
            // An OR of indexed terms is one index lookup per term there (SQLite's OR-by-union optimization).
            var end = term[..^1] + (char)(term[^1] + 1);
            query = query.Where(p => (string.Compare(p.SearchName, term) >= 0 && string.Compare(p.SearchName, end) < 0)
                                     || (string.Compare(p.SearchLastName, term) >= 0 && string.Compare(p.SearchLastName, end) < 0)
                                     || (string.Compare(p.SearchEmail, term) >= 0 && string.Compare(p.SearchEmail, end) < 0)
                                     || (string.Compare(p.SearchCompany, term) >= 0 && string.Compare(p.SearchCompany, end) < 0));
        }
        else if (!string.IsNullOrEmpty(term))
        {
            query = query.Where(p => p.SearchName.StartsWith(term) || p.SearchLastName.StartsWith(term) || p.SearchEmail.StartsWith(term) || p.SearchCompany.StartsWith(term));
        }

        var rows = await query.OrderBy(p => p.MarketoId).Take(PageSize + 1).ToListAsync(ct);
        return new PeoplePage([.. rows.Take(PageSize)], after, rows.Count > PageSize ? rows[PageSize - 1].MarketoId : null);
    }

    public Task<Person?> FindAsync(long marketoId, CancellationToken ct) =>
        db.People.AsNoTracking().FirstOrDefaultAsync(p => p.MarketoId == marketoId, ct);

    /// <summary>The person page: the person, linked to Salesforce through the account's Salesforce connection.</summary>
    public async Task<PersonDetail?> DetailAsync(long marketoId, CancellationToken ct, string? olderThan = null)
    {
        if (await FindAsync(marketoId, ct) is not { } person)
        {
            return null;
        }

        var recordId = person.SalesforceContactId ?? person.SalesforceLeadId;
        var instance = recordId is null ? null : await SalesforceInstanceUrlAsync(ct);
        var (activities, older) = await timeline.PageForPersonAsync(marketoId, olderThan, ct);
        var unsubscribedAt = await db.EmailOptOuts.Where(o => o.PersonMarketoId == marketoId).Select(o => (DateTime?)o.OptedOutAt).FirstOrDefaultAsync(ct);
        return new PersonDetail(person, instance is null ? null : instance.TrimEnd('/') + "/" + Uri.EscapeDataString(recordId!), activities, older, unsubscribedAt);
    }

    /// <summary>The Salesforce instance to link records to: the account's Salesforce connection, if it has one.</summary>
    public async Task<string?> SalesforceInstanceUrlAsync(CancellationToken ct) =>
        await db.SalesforceConnections.AsNoTracking().Where(c => c.IsAccountConnection).Select(c => c.InstanceUrl).FirstOrDefaultAsync(ct);
}
