using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

public sealed record TimelineWrite(ActivityDestination Destination, ActivityWriteState State, string? Reason, string? ReasonDetail);

public sealed record TimelineEntry(Guid Id, SalesActivityKind Kind, DateTime OccurredAt, SalesActivityPayload Payload, IReadOnlyList<TimelineWrite> Writes);

/// <summary>A person's sales activities, newest first, with where each has been written.</summary>
public sealed class PersonTimeline(AppDbContext db)
{
    public const int Limit = 100;

    public async Task<IReadOnlyList<TimelineEntry>> ForPersonAsync(long personMarketoId, CancellationToken ct)
    {
        var activities = await db.SalesActivities.AsNoTracking().Include(a => a.Writes)
            .Where(a => a.PersonMarketoId == personMarketoId)
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.CreatedAt)
            .Take(Limit)
            .ToListAsync(ct);
        return [.. activities.Select(a => new TimelineEntry(
            a.Id, a.Kind, a.OccurredAt, a.Read(),
            [.. a.Writes.OrderBy(w => w.Destination).Select(w => new TimelineWrite(w.Destination, w.State, w.Reason, w.ReasonDetail))]))];
    }
}
