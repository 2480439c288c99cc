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
            query = query.Where(a => a.OccurredAt < at || (a.OccurredAt == at && a.Id.CompareTo(id) < 0));
        }

        var activities = await query.Include(a => a.Writes)
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Take(PageSize + 1)
            .ToListAsync(ct);
        var older = activities.Count > PageSize ? Cursor(activities[PageSize - 1]) : null;
        return (await EntriesAsync([.. activities.Take(PageSize)], ct), older);
    }

    private async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(IReadOnlyList<SalesActivity> activities, CancellationToken ct)
    {
        // The page's sent emails in one query: their opens, clicks, reply and bounce show on the Send Sales Email entry.
        var payloads = activities.ToDictionary(a => a.Id, a => a.Read());
        var emailIds = payloads.Values.Select(p => p.EmailId).OfType<Guid>().Distinct().ToList();
        var emails = emailIds.Count == 0
            ? new Dictionary<Guid, TimelineEmail>()
            : await db.SalesEmails.AsNoTracking().Where(e => emailIds.Contains(e.Id))
                .ToDictionaryAsync(e => e.Id, e => new TimelineEmail(e.OpenCount, e.ClickCount, e.RepliedAt, e.BouncedAt), ct);
        return [.. activities.Select(a =>
        {
            var payload = payloads[a.Id];
            return new TimelineEntry(
                a.Id, a.Kind, a.OccurredAt, payload,
                [.. a.Writes.OrderBy(w => w.Destination).Select(w => new TimelineWrite(w.Destination, w.State, w.Reason, w.ReasonDetail))],
                a.Kind == SalesActivityKind.SendSalesEmail && payload.EmailId is { } emailId ? emails.GetValueOrDefault(emailId) : null);
        })];
    }

    private static string Cursor(SalesActivity a) => KeysetCursor.Format(a.OccurredAt, a.Id);
}
