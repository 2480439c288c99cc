using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Web;

namespace SalesInsightActions.Web.Sync.Activities;

public sealed record TimelineWrite(ActivityDestination Destination, ActivityWriteState State, string? Reason, string? ReasonDetail);

/// <summary>How a sent sales email fared: shown on its Send Sales Email entry.</summary>
public sealed record TimelineEmail(int Opens, int Clicks, DateTime? RepliedAt, DateTime? BouncedAt);

public sealed record TimelineEntry(Guid Id, SalesActivityKind Kind, DateTime OccurredAt, SalesActivityPayload Payload, IReadOnlyList<TimelineWrite> Writes, TimelineEmail? Email = null);

/// <summary>A person's sales activities, newest first, with where each has been written.</summary>
public sealed class PersonTimeline(AppDbContext db)
{
    /// <summary>Activities on one page of the person page: a person with 10,000 activities opens as fast as one with 10.</summary>
    public const int PageSize = 25;

    /// <summary>
    /// One page of the person's activities, newest first, older than the cursor <paramref name="olderThan"/> (keyset on
    /// occurred-at and id, read backwards along the (account, person, occurred at, id) index), and the next page's cursor.
    /// </summary>
    public async Task<(IReadOnlyList<TimelineEntry> Entries, string? OlderCursor)> PageForPersonAsync(long personMarketoId, string? olderThan, CancellationToken ct)
    {
        var query = db.SalesActivities.AsNoTracking().Where(a => a.PersonMarketoId == personMarketoId);
        if (KeysetCursor.TryParse(olderThan, out var at, out var id))
        {
            // The bound (OccurredAt <= at) lets the index start at the cursor; the rest only breaks ties within it.
            // Without it PostgreSQL read every newer activity of the person before the page.
            query = query.Where(a => a.OccurredAt <= at && (a.OccurredAt < at || a.Id.CompareTo(id) < 0));
        }

        // Projected, not materialized as entities: no entity constructors (each draws a new Guid that the row then
        // overwrites) and no include fix-up, which together were most of this page's CPU in the scale benchmark.
        var activities = await query
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Take(PageSize + 1)
            .Select(a => new ActivityRow(a.Id, a.Kind, a.OccurredAt, a.Payload,
                a.Writes.OrderBy(w => w.Destination).Select(w => new TimelineWrite(w.Destination, w.State, w.Reason, w.ReasonDetail)).ToList()))
            .ToListAsync(ct);
        var older = activities.Count > PageSize ? KeysetCursor.Format(activities[PageSize - 1].OccurredAt, activities[PageSize - 1].Id) : null;
        return (await EntriesAsync([.. activities.Take(PageSize)], ct), older);
    }

    private sealed record ActivityRow(Guid Id, SalesActivityKind Kind, DateTime OccurredAt, string Payload, List<TimelineWrite> Writes);

    private async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(IReadOnlyList<ActivityRow> activities, CancellationToken ct)
    {
        // The page's sent emails in one query: their opens, clicks, reply and bounce show on the Send Sales Email entry.
        var payloads = activities.ToDictionary(a => a.Id, a => SalesActivity.ReadPayload(a.Payload));
        var emailIds = payloads.Values.Select(p => p.EmailId).OfType<Guid>().Distinct().ToList();
        var emails = emailIds.Count == 0
            ? new Dictionary<Guid, TimelineEmail>()
            : await db.SalesEmails.AsNoTracking().Where(e => emailIds.Contains(e.Id))
                .ToDictionaryAsync(e => e.Id, e => new TimelineEmail(e.OpenCount, e.ClickCount, e.RepliedAt, e.BouncedAt), ct);
        return [.. activities.Select(a =>
        {
            var payload = payloads[a.Id];
            return new TimelineEntry(
                a.Id, a.Kind, a.OccurredAt, payload, a.Writes,
                a.Kind == SalesActivityKind.SendSalesEmail && payload.EmailId is { } emailId ? emails.GetValueOrDefault(emailId) : null);
        })];
    }
}
