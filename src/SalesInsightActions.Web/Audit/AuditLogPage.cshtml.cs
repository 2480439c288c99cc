using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Audit;

/// <summary>Settings → Admin Settings → Audit log.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class AuditLogModel(AuditLog log, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "type")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public AuditOutcome? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public AuditLogResult Result { get; private set; } = new([], null);

    private AuditLogFilter Filter => new(ActionFilter, Outcome, From, To);

    public async Task OnGetAsync(CancellationToken ct) => Result = await log.PageAsync(Filter, After, ct);

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
        await log.WriteCsvAsync(Response.Body, Filter, key => localizer[key], ct);
        return new EmptyResult();
    }

    /// <summary>The current filter as query values (empty ones left out), plus the cursor of the page to open.</summary>
    public Dictionary<string, string> Query(string? after = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["type"] = ActionFilter,
            ["outcome"] = Outcome?.ToString(),
            ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["after"] = after,
        };
        return values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Key, v => v.Value!);
    }
}
