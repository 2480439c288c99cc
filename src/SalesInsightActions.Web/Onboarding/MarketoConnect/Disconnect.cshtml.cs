using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Onboarding.MarketoConnect;

/// <summary>Confirms disconnecting Marketo (only its owner may), saying what stops working.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class DisconnectModel(MarketoSettingsService marketo) : PageModel
{
    public MarketoConnectionView Connection { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var view = await marketo.GetAsync(User.MemberId() ?? Guid.Empty, ct);
        if (view.Connection is not { ViewerIsOwner: true } connection)
        {
            this.NotifyError(view.Connection is null ? MarketoConnectFailure.NotConnected.MessageKey() : MarketoConnectFailure.NotOwner.MessageKey());
            return RedirectToPage("/Onboarding/MarketoConnect/MarketoSettings");
        }

        Connection = connection;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await marketo.DisconnectAsync(User.MemberId()!.Value, ct);
        if (result.Succeeded)
        {
            this.Notify("Marketo is disconnected.");
        }
        else
        {
            this.NotifyError(result.Failure.MessageKey());
        }

        return RedirectToPage("/Onboarding/MarketoConnect/MarketoSettings");
    }
}
