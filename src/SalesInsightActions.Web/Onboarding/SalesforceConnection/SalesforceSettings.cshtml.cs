using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Onboarding.SalesforceConnection;

/// <summary>Settings → Admin Settings → Salesforce → Connections &amp; Customizations: the account's Salesforce connection and hand-off links.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class SalesforceSettingsModel(SalesforceAccountConnections connections) : PageModel
{
    public SalesforceSettingsView View { get; private set; } = new(null, []);

    /// <summary>A hand-off link just created: shown once (only its hash is stored).</summary>
    [TempData]
    public string? NewHandoffLink { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => View = await connections.GetAsync(ct);

    public IActionResult OnPostConnect(string? environment) =>
        Redirect(connections.StartAsAdmin(HttpContext, environment == "sandbox").ToString());

    public async Task<IActionResult> OnPostDisconnectAsync(CancellationToken ct)
    {
        if (await connections.DisconnectAsync(ct))
        {
            this.Notify("Salesforce is disconnected and its access was revoked at Salesforce. Sync and Task writes stop until someone connects again.");
        }
        else
        {
            this.NotifyInfo("Salesforce was not connected.");
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCreateHandoffAsync(string? environment, CancellationToken ct)
    {
        NewHandoffLink = await connections.CreateHandoffAsync(environment == "sandbox", User,
            token => new Uri($"{Request.Scheme}://{Request.Host}{Request.PathBase}/connect/salesforce/{token}"), ct);
        this.Notify("Hand-off link created. Copy it now and send it to your Salesforce admin: it works once, for 7 days.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeHandoffAsync(Guid id, CancellationToken ct)
    {
        if (await connections.RevokeHandoffAsync(id, ct))
        {
            this.Notify("The hand-off link is revoked; it can no longer be used.");
        }
        else
        {
            this.NotifyError("That hand-off link was already used, revoked or expired.");
        }

        return RedirectToPage();
    }
}
