using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>What a rep entered in Log a call.</summary>
public sealed record LogCallInput(string? Outcome, string? Reason, int? DurationMinutes, string? Notes, string? IdempotencyKey);

public enum LogCallResult
{
    Logged,

    /// <summary>The same form was posted twice (same idempotency key): the first one stands.</summary>
    AlreadyLogged,
    PersonNotFound,
    OutcomeMissing,
    ReasonTooLong,
    DurationOutOfRange,
    NotesTooLong,
}

/// <summary>
/// Where activities come from: each is stored with one pending write per destination, in one transaction, so nothing is
/// lost while a vendor is down; <see cref="ActivityWriteRunner"/> writes them out.
/// </summary>
public sealed partial class SalesActivityRecorder(AppDbContext db, AccountScope scope, TimeProvider clock, ILogger<SalesActivityRecorder> logger)
{
    /// <summary>The call outcomes a rep picks from (stored and written to the vendors in English).</summary>
    public static readonly IReadOnlyList<string> CallOutcomes = ["Connected", "Left voicemail", "No answer", "Busy", "Wrong number"];

    /// <summary>The resource key that labels an outcome ("Connected" alone already means a connection's time elsewhere).</summary>
    public static string OutcomeLabel(string outcome) => outcome == "Connected" ? "Connected (spoke with them)" : outcome;

    public const int ReasonLength = 255;
    public const int NotesLength = 4000;
    public const int MaxDurationMinutes = 600;

    public async Task<LogCallResult> LogCallAsync(long personMarketoId, Guid memberId, LogCallInput input, CancellationToken ct)
    {
        var outcome = CallOutcomes.FirstOrDefault(o => string.Equals(o, input.Outcome?.Trim(), StringComparison.OrdinalIgnoreCase));
        var reason = Clean(input.Reason);
        var notes = Clean(input.Notes);
        var problem = outcome is null ? LogCallResult.OutcomeMissing
            : reason?.Length > ReasonLength ? LogCallResult.ReasonTooLong
            : input.DurationMinutes is < 0 or > MaxDurationMinutes ? LogCallResult.DurationOutOfRange
            : notes?.Length > NotesLength ? LogCallResult.NotesTooLong
            : (LogCallResult?)null;
        if (problem is { } refused)
        {
            return refused;
        }

        if (!await db.People.AnyAsync(p => p.MarketoId == personMarketoId, ct))
        {
            return LogCallResult.PersonNotFound;
        }

        var payload = new SalesActivityPayload
        {
            CallOutcome = outcome,
            CallReason = reason,
            CallDurationSeconds = input.DurationMinutes is { } minutes ? minutes * 60 : null,
            Notes = notes,
            SentBy = await db.Members.Where(m => m.Id == memberId).Select(m => m.Email).FirstOrDefaultAsync(ct),
        };
        return await RecordAsync(SalesActivityKind.SalesCallReceived, personMarketoId, memberId, payload, input.IdempotencyKey, ct)
            ? LogCallResult.Logged
            : LogCallResult.AlreadyLogged;
    }

    /// <summary>
    /// Stores one activity and its pending writes; false when an activity with this idempotency key exists already.
    /// Callers that write something else in the same transaction add it to the context before calling.
    /// </summary>
    public async Task<bool> RecordAsync(
        SalesActivityKind kind, long personMarketoId, Guid memberId, SalesActivityPayload payload, string? idempotencyKey, CancellationToken ct, DateTime? occurredAt = null)
    {
        var accountId = scope.AccountId ?? throw new InvalidOperationException("Activities are recorded for a Sales account in scope.");
        var key = NormalizeKey(idempotencyKey);

        if (await db.SalesActivities.AnyAsync(a => a.IdempotencyKey == key, ct))
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var activity = new SalesActivity
        {
            SalesAccountId = accountId,
            Kind = kind,
            PersonMarketoId = personMarketoId,
            MemberId = memberId,
            OccurredAt = occurredAt ?? now,
            IdempotencyKey = key,
            CreatedAt = now,
        };
        activity.Write(payload);
        foreach (var destination in Enum.GetValues<ActivityDestination>())
        {
            activity.Writes.Add(new ActivityWrite
            {
                SalesAccountId = accountId, ActivityId = activity.Id, Destination = destination, State = ActivityWriteState.Pending, CreatedAt = now,
            });
        }

        db.SalesActivities.Add(activity);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two posts of one form raced: the other one committed first.
            if (await IsDuplicateAsync(key, activity, ct))
            {
                return false;
            }

            throw;
        }

        LogRecorded(accountId, kind, activity.Id);
        return true;
    }

    /// <summary>The key an activity is stored under: the caller's, trimmed and cut to length, or a new one.</summary>
    public static string NormalizeKey(string? idempotencyKey)
    {
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? Guid.NewGuid().ToString("N") : idempotencyKey.Trim();
        return key.Length > SalesActivity.KeyLength ? key[..SalesActivity.KeyLength] : key;
    }

    private async Task<bool> IsDuplicateAsync(string key, SalesActivity mine, CancellationToken ct)
    {
        db.Entry(mine).State = EntityState.Detached;
        foreach (var write in mine.Writes)
        {
            db.Entry(write).State = EntityState.Detached;
        }

        return await db.SalesActivities.AnyAsync(a => a.IdempotencyKey == key, ct);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Kind} activity {ActivityId} for account {SalesAccountId}")]
    private partial void LogRecorded(Guid salesAccountId, SalesActivityKind kind, Guid activityId);
}
