using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

/// <summary>One request for the open pixel or a tracked link.</summary>
public sealed record TrackingHit(bool IsHead, string? UserAgent);

/// <summary>
/// Records opens and clicks of sales emails from their pixel and tracked links (anonymous routes: the token is the
/// proof of which email). Counting rules:
/// <list type="bullet">
/// <item>The first open is an Open Sales Email activity; every open is counted on the email (opens, first and last).</item>
/// <item>The first click on each link of the email is a Click Sales Email activity; every click is counted on the
/// email. A click on an email with no open yet (images blocked) also records the open.</item>
/// <item>Not counted, but still served: HEAD requests, requests without a user agent or from a known scanner or bot,
/// and anything within <see cref="SalesEmailOptions.ScannerWindow"/> of the email leaving (scanners fetch on receipt).</item>
/// </list>
/// Scoped, in a scope of its own per request: it enters the account the token belongs to.
/// </summary>
public sealed partial class SalesEmailTracking(
    AppDbContext db,
    AccountScope scope,
    SalesActivityRecorder recorder,
    IOptions<SalesEmailOptions> options,
    TimeProvider clock,
    ILogger<SalesEmailTracking> logger)
{
    /// <summary>User agents of link scanners, security gateways, preview fetchers and scripts (lower case, matched as substrings).</summary>
    internal static readonly string[] ScannerAgents =
    [
        "bot", "spider", "crawl", "slurp", "scanner", "preview", "curl/", "wget/", "python", "go-http-client", "java/", "okhttp",
        "libwww", "httpclient", "axios", "node-fetch", "barracuda", "mimecast", "proofpoint", "urldefense", "safelinks",
        "symantec", "trendmicro", "forcepoint", "sophos", "fortinet", "zscaler",
    ];

    public async Task RecordOpenAsync(string token, TrackingHit hit, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is not { } email)
        {
            return;
        }

        if (await IsAutomatedAsync(email, hit, ct))
        {
            LogNotCounted(email.SalesAccountId, email.Id, "open");
            return;
        }

        await CountOpenAsync(email, ct);
    }

    /// <summary>The link's original address, or null when the token or link is unknown (then nothing redirects).</summary>
    public async Task<string?> RecordClickAsync(string token, int index, TrackingHit hit, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is not { } email)
        {
            return null;
        }

        var links = email.ReadLinks();
        if (index < 0 || index >= links.Count)
        {
            return null;
        }

        var url = links[index];
        if (await IsAutomatedAsync(email, hit, ct))
        {
            LogNotCounted(email.SalesAccountId, email.Id, "click");
            return url;
        }

        if (email.OpenCount == 0)
        {
            await CountOpenAsync(email, ct);
        }

        await recorder.RecordAsync(SalesActivityKind.ClickSalesEmail, email.PersonMarketoId, email.MemberId,
            await PayloadAsync(email, url, ct), $"click:{email.Id:N}:{index}", ct);
        await db.SalesEmails.Where(e => e.Id == email.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ClickCount, e => e.ClickCount + 1), ct);
        return url;
    }

    private async Task CountOpenAsync(SalesEmail email, CancellationToken ct)
    {
        await recorder.RecordAsync(SalesActivityKind.OpenSalesEmail, email.PersonMarketoId, email.MemberId,
            await PayloadAsync(email, null, ct), $"open:{email.Id:N}", ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.SalesEmails.Where(e => e.Id == email.Id).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.OpenCount, e => e.OpenCount + 1)
            .SetProperty(e => e.FirstOpenedAt, e => e.FirstOpenedAt ?? now)
            .SetProperty(e => e.LastOpenedAt, now), ct);
    }

    private async Task<SalesActivityPayload> PayloadAsync(SalesEmail email, string? url, CancellationToken ct) => new()
    {
        Subject = email.Subject,
        TemplateName = email.TemplateName,
        SentBy = await db.Members.Where(m => m.Id == email.MemberId).Select(m => m.Email).FirstOrDefaultAsync(ct),
        EmailId = email.Id,
        Url = url,
    };

    private Task<SalesEmail?> FindAsync(string token, CancellationToken ct) => SalesEmail.FindByTokenAsync(db, scope, token, ct);

    private async Task<bool> IsAutomatedAsync(SalesEmail email, TrackingHit hit, CancellationToken ct)
    {
        if (hit.IsHead || string.IsNullOrWhiteSpace(hit.UserAgent) || IsScanner(hit.UserAgent))
        {
            return true;
        }

        var sentAt = await db.OutboxEmails.Where(o => o.Id == email.OutboxEmailId).Select(o => o.SentAt).FirstOrDefaultAsync(ct) ?? email.CreatedAt;
        return clock.GetUtcNow().UtcDateTime - sentAt < options.Value.ScannerWindow;
    }

    internal static bool IsScanner(string userAgent) => ScannerAgents.Any(a => userAgent.Contains(a, StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Hit} of sales email {SalesEmailId} (account {SalesAccountId}) looked automated and was not counted")]
    private partial void LogNotCounted(Guid salesAccountId, Guid salesEmailId, string hit);
}
