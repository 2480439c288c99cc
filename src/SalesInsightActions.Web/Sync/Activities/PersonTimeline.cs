using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

public sealed record TimelineWrite(ActivityDestination Destination, ActivityWriteState State, string? Reason, string? ReasonDetail);

public sealed record TimelineEntry(Guid Id, SalesActivityKind Kind, DateTime OccurredAt, SalesActivityPayload Payload, IReadOnlyList<TimelineWrite> Writes);

/// <summary>A person's sales activities, newest first, with where each has been written.</summary>
public sealed class PersonTimeline(AppDbContext db)
{
    public const int Limit = 100;

    /// <summary>Activities on one page of the person page: a person with 10,000 activities opens as fast as one with 10.</summary>
    public const int PageSize = 25;

    /// <summary>
    /// One page of the person's activities, newest first, older than the cursor <paramref name="olderThan"/> (keyset on
    /// occurred-at and id, read backwards along the (account, person, occurred at, id) index), and the next page's cursor.
    /// </summary>
    public async Task<(IReadOnlyList<TimelineEntry> Entries, string? OlderCursor)> PageForPersonAsync(long personMarketoId, string? olderThan, CancellationToken ct)
    {
        var query = db.SalesActivities.AsNoTracking().Where(a => a.PersonMarketoId == personMarketoId);
        if (TryParseCursor(olderThan, out var at, out var id))
        {
            query = query.Where(a => a.OccurredAt < at || (a.OccurredAt == at && a.Id.CompareTo(id) < 0));
        }

        var activities = await query.Include(a => a.Writes)
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Take(PageSize + 1)
            .ToListAsync(ct);
        var older = activities.Count > PageSize ? Cursor(activities[PageSize - 1]) : null;
        return ([.. activities.Take(PageSize).Select(Entry)], older);
    }

    public async Task<IReadOnlyList<TimelineEntry>> ForPersonAsync(long personMarketoId, CancellationToken ct)
    {
        var activities = await db.SalesActivities.AsNoTracking().Include(a => a.Writes)
            .Where(a => a.PersonMarketoId == personMarketoId)
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.CreatedAt)
            .Take(Limit)
            .ToListAsync(ct);
        return [.. activities.Select(Entry)];
    }

    private static TimelineEntry Entry(SalesActivity a) => new(
        a.Id, a.Kind, a.OccurredAt, a.Read(),
        [.. a.Writes.OrderBy(w => w.Destination).Select(w => new TimelineWrite(w.Destination, w.State, w.Reason, w.ReasonDetail))]);

    private static string Cursor(SalesActivity a) => $"{a.OccurredAt.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)}_{a.Id:N}";

    private static bool TryParseCursor(string? cursor, out DateTime at, out Guid id)
    {
        at = default;
        id = default;
        if (cursor?.Split('_') is not [var ticks, var guid]
            || !long.TryParse(ticks, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t)
            || t < DateTime.MinValue.Ticks || t > DateTime.MaxValue.Ticks
            || !Guid.TryParseExact(guid, "N", out id))
        {
            return false;
        }

        at = new DateTime(t, DateTimeKind.Utc);
        return true;
    }
}
