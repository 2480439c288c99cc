using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities.Api;

/// <summary>An activity posted by another source (the real product's mail plug-ins post activities this way).</summary>
public sealed record ActivityRequest(
    string? Kind,
    long? PersonMarketoId,
    string? PersonEmail,
    DateTimeOffset? OccurredAt,
    string? Subject,
    string? TemplateName,
    string? CampaignName,
    string? CampaignStep,
    string? CallOutcome,
    string? CallReason,
    int? CallDurationSeconds,
    string? Notes);

public sealed record ActivityWriteResponse(string Destination, string State, string? Reason);

public sealed record ActivityResponse(Guid Id, string Kind, long PersonMarketoId, DateTime OccurredAt, IReadOnlyList<ActivityWriteResponse> Writes);

public enum ActivityApiOutcome
{
    Created,
    Replayed,
    Invalid,
    PersonNotFound,
    PersonAmbiguous,
    KeyReused,
}

/// <summary>What the API answers: the activity, or the problems (field → SharedResource keys with their arguments).</summary>
public sealed record ActivityApiResult(ActivityApiOutcome Outcome, ActivityResponse? Activity = null, IReadOnlyDictionary<string, (string Key, object[] Args)>? Problems = null, IReadOnlyList<long>? Candidates = null);

/// <summary>
/// The activities API's one service: validates a posted activity, finds its person, and records it through
/// <see cref="SalesActivityRecorder"/> (stored first, written out by the job) exactly once per Idempotency-Key.
/// </summary>
public sealed class ActivityApiService(AppDbContext db, SalesActivityRecorder recorder, TimeProvider clock)
{
    public const int TextLength = 255;
    public const int MaxKeyLength = 64;
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(90);

    public async Task<ActivityApiResult> PostAsync(Guid memberId, string? idempotencyKey, ActivityRequest request, CancellationToken ct)
    {
        var problems = new Dictionary<string, (string, object[])>();
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxKeyLength || idempotencyKey.Any(c => c < 0x21 || c > 0x7e))
        {
            problems["Idempotency-Key"] = ("Send an Idempotency-Key header of 1 to {0} visible ASCII characters, new for each activity and the same when you send it again.", [MaxKeyLength]);
        }

        SalesActivityKind kind = default;
        if (request.Kind is null || !Enum.TryParse(request.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
        {
            problems["kind"] = ("kind must be one of: {0}.", [string.Join(", ", Enum.GetNames<SalesActivityKind>())]);
        }

        var now = clock.GetUtcNow();
        if (request.OccurredAt is { } at && (at > now.AddMinutes(5) || at < now - MaxAge))
        {
            problems["occurredAt"] = ("occurredAt must be within the last {0} days and not in the future.", [MaxAge.Days]);
        }

        if (request.PersonMarketoId is null == string.IsNullOrWhiteSpace(request.PersonEmail))
        {
            problems["person"] = ("Name the person with exactly one of personMarketoId or personEmail.", []);
        }

        CheckText(problems, "subject", request.Subject, TextLength);
        CheckText(problems, "templateName", request.TemplateName, TextLength);
        CheckText(problems, "campaignName", request.CampaignName, TextLength);
        CheckText(problems, "campaignStep", request.CampaignStep, TextLength);
        CheckText(problems, "callReason", request.CallReason, SalesActivityRecorder.ReasonLength);
        CheckText(problems, "notes", request.Notes, SalesActivityRecorder.NotesLength, multiline: true);
        var outcome = SalesActivityRecorder.CallOutcomes.FirstOrDefault(o => string.Equals(o, request.CallOutcome?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (!problems.ContainsKey("kind"))
        {
            switch (kind)
            {
                case SalesActivityKind.SalesCallReceived when outcome is null:
                    problems["callOutcome"] = ("A call needs callOutcome, one of: {0}.", [string.Join(", ", SalesActivityRecorder.CallOutcomes)]);
                    break;
                case SalesActivityKind.AddToSalesCampaign or SalesActivityKind.RemovedFromSalesCampaign when string.IsNullOrWhiteSpace(request.CampaignName):
                    problems["campaignName"] = ("A campaign activity needs campaignName.", []);
                    break;
                case SalesActivityKind.SendSalesEmail or SalesActivityKind.OpenSalesEmail or SalesActivityKind.ClickSalesEmail
                    or SalesActivityKind.RepliedToSalesEmail or SalesActivityKind.SalesEmailBounced when string.IsNullOrWhiteSpace(request.Subject):
                    problems["subject"] = ("An email activity needs the email's subject.", []);
                    break;
            }
        }

        if (request.CallDurationSeconds is < 0 or > SalesActivityRecorder.MaxDurationMinutes * 60)
        {
            problems["callDurationSeconds"] = ("callDurationSeconds must be from 0 to {0}.", [SalesActivityRecorder.MaxDurationMinutes * 60]);
        }

        if (problems.Count > 0)
        {
            return new ActivityApiResult(ActivityApiOutcome.Invalid, Problems: problems);
        }

        var key = StoredKey(memberId, idempotencyKey!);
        if (await FindAsync(key, ct) is { } earlier)
        {
            return Replay(earlier, kind, request);
        }

        long personId;
        if (request.PersonMarketoId is { } id)
        {
            if (!await db.People.AnyAsync(p => p.MarketoId == id, ct))
            {
                return new ActivityApiResult(ActivityApiOutcome.PersonNotFound);
            }

            personId = id;
        }
        else
        {
            // Two Marketo records may share an address (they stay two people): then the caller must choose.
            var email = request.PersonEmail!.Trim().ToLowerInvariant();
            var matches = await db.People.Where(p => p.SearchEmail == email).OrderBy(p => p.MarketoId).Select(p => p.MarketoId).Take(10).ToListAsync(ct);
            switch (matches.Count)
            {
                case 0:
                    return new ActivityApiResult(ActivityApiOutcome.PersonNotFound);
                case > 1:
                    return new ActivityApiResult(ActivityApiOutcome.PersonAmbiguous, Candidates: matches);
            }

            personId = matches[0];
        }

        var payload = new SalesActivityPayload
        {
            Subject = Clean(request.Subject),
            TemplateName = Clean(request.TemplateName),
            CampaignName = Clean(request.CampaignName),
            CampaignStep = Clean(request.CampaignStep),
            CallOutcome = kind == SalesActivityKind.SalesCallReceived ? outcome : null,
            CallReason = Clean(request.CallReason),
            CallDurationSeconds = request.CallDurationSeconds,
            Notes = Clean(request.Notes),
            SentBy = await db.Members.Where(m => m.Id == memberId).Select(m => m.Email).FirstOrDefaultAsync(ct),
        };
        var created = await recorder.RecordAsync(kind, personId, memberId, payload, key, ct, request.OccurredAt?.UtcDateTime);
        var stored = await FindAsync(key, ct) ?? throw new InvalidOperationException("The recorded activity was not found.");
        return created ? new ActivityApiResult(ActivityApiOutcome.Created, ToResponse(stored)) : Replay(stored, kind, request);
    }

    /// <summary>An activity this member posted, with where it has been written; null if not theirs or not there.</summary>
    public async Task<ActivityResponse?> GetAsync(Guid memberId, Guid activityId, CancellationToken ct)
    {
        var activity = await db.SalesActivities.AsNoTracking().Include(a => a.Writes)
            .FirstOrDefaultAsync(a => a.Id == activityId && a.MemberId == memberId, ct);
        return activity is null ? null : ToResponse(activity);
    }

    /// <summary>
    /// Keys are the client's, per member: two members (or a form and the API) using the same key never collide, and
    /// the stored key says nothing about the client's.
    /// </summary>
    private static string StoredKey(Guid memberId, string key) =>
        "api:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{memberId:N}:{key}")))[..48].ToLowerInvariant();

    private Task<SalesActivity?> FindAsync(string key, CancellationToken ct) =>
        db.SalesActivities.AsNoTracking().Include(a => a.Writes).FirstOrDefaultAsync(a => a.IdempotencyKey == key, ct);

    private static ActivityApiResult Replay(SalesActivity earlier, SalesActivityKind kind, ActivityRequest request) =>
        earlier.Kind == kind && (request.PersonMarketoId is null || request.PersonMarketoId == earlier.PersonMarketoId)
            ? new ActivityApiResult(ActivityApiOutcome.Replayed, ToResponse(earlier))
            : new ActivityApiResult(ActivityApiOutcome.KeyReused, ToResponse(earlier));

    private static ActivityResponse ToResponse(SalesActivity a) => new(
        a.Id, a.Kind.ToString(), a.PersonMarketoId, DateTime.SpecifyKind(a.OccurredAt, DateTimeKind.Utc),
        [.. a.Writes.OrderBy(w => w.Destination).Select(w => new ActivityWriteResponse(w.Destination.ToString(), w.State.ToString(), w.Reason))]);

    private static void CheckText(Dictionary<string, (string, object[])> problems, string field, string? value, int max, bool multiline = false)
    {
        if (value is null)
        {
            return;
        }

        if (value.Trim().Length > max)
        {
            problems[field] = ("{0} can be at most {1} characters long.", [field, max]);
        }
        else if (value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            problems[field] = ("{0} contains control characters; send plain text.", [field]);
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
