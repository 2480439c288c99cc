using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Diagnostics;

/// <summary>Salesforce Diagnostics and its Marketo twin: the activity writes that failed, grouped by reason, with Retry.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class DiagnosticsModel(ActivityDiagnostics diagnostics, IStringLocalizer<SharedResource> localizer) : PageModel
{
    /// <summary>"salesforce" or "marketo" (the route constrains it).</summary>
    [BindProperty(SupportsGet = true)]
    public string Destination { get; set; } = "";

    /// <summary>The group shown (its id); all failures when empty.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Group { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public DiagnosticsPage Result { get; private set; } = null!;

    public ActivityDestination Target => string.Equals(Destination, "marketo", StringComparison.OrdinalIgnoreCase)
        ? ActivityDestination.Marketo
        : ActivityDestination.Salesforce;

    public string Title => Target == ActivityDestination.Salesforce ? "Salesforce Diagnostics" : "Marketo Diagnostics";

    public async Task OnGetAsync(CancellationToken ct) => Result = await diagnostics.PageAsync(Target, Group, After, ct);

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{Destination.ToLowerInvariant()}-diagnostics.csv\"";
        await diagnostics.WriteCsvAsync(Target, Response.Body, (reason, detail) => localizer[reason, detail ?? ""], key => localizer[key], ct);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid activityId, CancellationToken ct)
    {
        if (await diagnostics.RetryAsync(Target, activityId, ct))
        {
            this.Notify("The write will be tried again within a minute. If it fails again, it comes back to this list with the new reason.");
        }
        else
        {
            this.NotifyInfo("This write is no longer failed: it was retried or written since you opened the page.");
        }

        return RedirectToPage(new { destination = Destination, group = Group });
    }

    public async Task<IActionResult> OnPostRetryOptOutAsync(long personMarketoId, CancellationToken ct)
    {
        if (await diagnostics.RetryOptOutAsync(personMarketoId, ct))
        {
            this.Notify("Email Opt Out is being written to Salesforce again. If it fails again, it comes back to this list with the new reason.");
        }
        else
        {
            this.NotifyInfo("This write is no longer failed: it was retried or written since you opened the page.");
        }

        return RedirectToPage(new { destination = Destination });
    }

    public async Task<IActionResult> OnPostRetryGroupAsync(string? retryGroup, CancellationToken ct)
    {
        var count = retryGroup is null ? 0 : await diagnostics.RetryGroupAsync(Target, retryGroup, ct);
        if (count > 0)
        {
            this.Notify("{0} writes will be tried again within a minute. Those that fail again come back to this list with the new reason.", count.ToString("N0", System.Globalization.CultureInfo.CurrentCulture));
        }
        else
        {
            this.NotifyInfo("Nothing to retry: these writes were retried or written since you opened the page.");
        }

        return RedirectToPage(new { destination = Destination });
    }

    /// <summary>The current view as query values (empty ones left out), plus the cursor of the page to open.</summary>
    public Dictionary<string, string> Query(string? after = null)
    {
        var values = new Dictionary<string, string?> { ["destination"] = Destination, ["group"] = Group, ["after"] = after };
        return values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Key, v => v.Value!);
    }
}
