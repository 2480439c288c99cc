using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Onboarding.MarketoConnect;

/// <summary>Settings → Admin Settings → Marketo (step 3).</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class MarketoSettingsModel(MarketoSettingsService marketo) : PageModel
{
    public MarketoSettingsView View { get; private set; } = null!;

    /// <summary>What the admin typed in the manual form, kept across the redirect after a failure (never the secret).</summary>
    [TempData]
    public string? TypedEndpoint { get; set; }

    [TempData]
    public string? TypedClientId { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        View = await marketo.GetAsync(User.MemberId() ?? Guid.Empty, ct);

    public async Task<IActionResult> OnPostConnectAsync(CancellationToken ct) =>
        Done(await marketo.ConnectFromActionsConfigAsync(User.MemberId()!.Value, ct));

    public async Task<IActionResult> OnPostManualAsync(string? munchkinOrEndpoint, string? clientId, string? clientSecret, CancellationToken ct)
    {
        var result = await marketo.ConnectManuallyAsync(new MarketoManualInput(munchkinOrEndpoint, clientId, clientSecret), User.MemberId()!.Value, ct);
        if (!result.Succeeded)
        {
            TypedEndpoint = munchkinOrEndpoint?.Trim();
            TypedClientId = clientId?.Trim();
        }

        return Done(result);
    }

    private RedirectToPageResult Done(MarketoConnectResult result)
    {
        if (result.Succeeded)
        {
            this.Notify(result.Failure.MessageKey());
        }
        else
        {
            this.NotifyError(result.Failure.MessageKey(), result.Argument);
        }

        return RedirectToPage();
    }
}
