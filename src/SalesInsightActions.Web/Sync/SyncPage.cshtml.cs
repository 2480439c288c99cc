using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Sync.Diagnostics;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync;

/// <summary>The numbers the sync page's script refreshes, already formatted for the reader.</summary>
public sealed record SyncStatusSnapshot(
    string State, string Status, long Done, long Total, int Percent, string Rate, string Eta, string Quota, long People, long Rejected, ThroughputChart Throughput);

[Authorize(Policy = Policies.AccountAdmin)]
public sealed class SyncPageModel(SyncControl control, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public SyncOverview Overview { get; private set; } = null!;
    public SyncStatusSnapshot Snapshot { get; private set; } = null!;

    /// <summary>The throughput chart's range: "hour" (the last 60 minutes, the default) or "day" (the last 24 hours).</summary>
    [BindProperty(SupportsGet = true, Name = "range")]
    public string? Range { get; set; }

    public ThroughputRange ChartRange => string.Equals(Range, "day", StringComparison.OrdinalIgnoreCase) ? ThroughputRange.Day : ThroughputRange.Hour;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Overview = await control.OverviewAsync(ChartRange, ct);
        Snapshot = ToSnapshot(Overview);
    }

    /// <summary>Polled by wwwroot/js/sync-status.js; answers 304 while nothing the page shows has changed.</summary>
    public async Task<IActionResult> OnGetStatusAsync(CancellationToken ct)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(ToSnapshot(await control.OverviewAsync(ChartRange, ct, withFailedWrites: false)), JsonSerializerOptions.Web);
        var etag = $"\"{Convert.ToHexString(SHA256.HashData(json))[..32]}\"";
        Response.Headers.ETag = etag;
        Response.Headers.CacheControl = "no-cache";
        if (Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        return File(json, "application/json");
    }

    public async Task<IActionResult> OnPostPauseAsync(CancellationToken ct)
    {
        if (await control.PauseAsync(ct))
        {
            this.Notify("The sync is paused. It stops after its current batch.");
        }
        else
        {
            this.NotifyError("The sync can't be paused because it hasn't been started. Start it from the setup page.");
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResumeAsync(CancellationToken ct)
    {
        if (await control.ResumeAsync(ct))
        {
            this.Notify("The sync resumed.");
        }
        else
        {
            this.NotifyError("The sync isn't paused, so there is nothing to resume.");
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRunNowAsync(CancellationToken ct)
    {
        if (await control.RunNowAsync(ct))
        {
            this.Notify("The sync will run now.");
        }
        else
        {
            this.NotifyError("The sync can't run now: start it first, or click Resume if an admin paused it.");
        }

        return RedirectToPage();
    }

    private SyncStatusSnapshot ToSnapshot(SyncOverview o)
    {
        var (key, args) = o.Describe();
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        return new SyncStatusSnapshot(
            o.State,
            localizer[key, args],
            o.Done,
            o.Total,
            o.Percent,
            o.PeoplePerMinute is { } rate ? localizer["{0} people per minute", Math.Round(rate).ToString("N0", culture)] : "",
            o.Eta is { } eta ? localizer["about {0} min left", Math.Ceiling(eta.TotalMinutes).ToString("N0", culture)] : "",
            o.QuotaLimit > 0 ? localizer["{0} of {1} calls", o.QuotaUsed.ToString("N0", culture), o.QuotaLimit.ToString("N0", culture)] : localizer["Not known yet"],
            o.PeopleCount,
            o.RejectedCount,
            ThroughputChart.From(o.Throughput, localizer, culture));
    }
}
