using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

public sealed record TimelineWrite(ActivityDestination Destination, ActivityWriteState State, string? Reason, string? ReasonDetail);

/// <summary>How a sent sales email fared: shown on its Send Sales Email entry.</summary>
public sealed record TimelineEmail(int Opens, int Clicks, DateTime? RepliedAt, DateTime? BouncedAt);

public sealed record TimelineEntry(Guid Id, SalesActivityKind Kind, DateTime OccurredAt, SalesActivityPayload Payload, IReadOnlyList<TimelineWrite> Writes, TimelineEmail? Email = null);

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
        var emails = await db.SalesEmails.AsNoTracking()
            .Where(e => e.PersonMarketoId == personMarketoId)
            .OrderByDescending(e => e.CreatedAt)
            .Take(Limit)
            .ToDictionaryAsync(e => e.Id, e => new TimelineEmail(e.OpenCount, e.ClickCount, e.RepliedAt, e.BouncedAt), ct);
        return [.. activities.Select(a =>
        {
            var payload = a.Read();
            return new TimelineEntry(
                a.Id, a.Kind, a.OccurredAt, payload,
                [.. a.Writes.OrderBy(w => w.Destination).Select(w => new TimelineWrite(w.Destination, w.State, w.Reason, w.ReasonDetail))],
                a.Kind == SalesActivityKind.SendSalesEmail && payload.EmailId is { } emailId ? emails.GetValueOrDefault(emailId) : null);
        })];
    }
}
