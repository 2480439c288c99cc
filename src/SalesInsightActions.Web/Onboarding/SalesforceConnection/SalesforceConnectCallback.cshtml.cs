using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;

namespace SalesInsightActions.Web.Onboarding.SalesforceConnection;

/// <summary>
/// Salesforce redirects here (GET) after Connect or a hand-off link: success goes on to the tab or the hand-off result;
/// any failure is shown here, in the product's layout, with what to do.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class SalesforceConnectCallbackModel(SalesforceAccountConnections connections) : PageModel
{
    public const string HandoffCheckKey = "sia.handoff-check";

    public string ErrorKey { get; private set; } = "";
    public object[] ErrorArgs { get; private set; } = [];
    public string BackUrl { get; private set; } = "/settings/salesforce";

    public async Task<IActionResult> OnGetAsync(string? code, string? state, string? error,
        [FromQuery(Name = "error_description")] string? errorDescription, CancellationToken ct)
    {
        var outcome = await connections.CompleteAsync(HttpContext, code, state, error, errorDescription, ct);
        if (outcome.Succeeded && outcome.ViaHandoff)
        {
            TempData[HandoffCheckKey] = outcome.PackageCheckId?.ToString();
            return RedirectToPage("/Onboarding/SalesforceConnection/HandoffDone");
        }

        if (outcome.Succeeded)
        {
            this.Notify("Salesforce is connected. Next, check the Salesforce package.");
            return RedirectToPage("/Onboarding/SalesforceConnection/SalesforceSettings");
        }

        ErrorKey = outcome.ErrorKey!;
        ErrorArgs = [.. outcome.ErrorArgs ?? []];
        BackUrl = outcome.BackUrl;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
