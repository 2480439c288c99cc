using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;
using SalesInsightActions.Web.Users.SignIn.Sso;

namespace SalesInsightActions.Web.Users.Settings;

/// <summary>Login management: "Salesforce only" or "All login methods", and Microsoft Entra ID SSO on top of the latter.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class LoginSettingsModel(LoginSettingsService settings, IAuthenticationSchemeProvider schemes) : PageModel
{
    [BindProperty]
    public LoginManagement LoginManagement { get; set; }

    [BindProperty]
    public bool EntraSsoEnabled { get; set; }

    public bool EntraConfigured { get; private set; }

    public string? ErrorKey { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var account = await LoadAsync(ct);
        if (account is null)
        {
            return NotFound();
        }

        LoginManagement = account.LoginManagement;
        EntraSsoEnabled = account.EntraSsoEnabled;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var account = await LoadAsync(ct);
        if (account is null)
        {
            return NotFound();
        }

        var refusal = await settings.SaveAsync(account, ModelState.IsValid ? LoginManagement : (LoginManagement)(-1), EntraSsoEnabled, User.MemberId(), ct);
        if (refusal is not null)
        {
            // Nothing was written: the form comes back with the reason, as a validation error.
            ErrorKey = refusal;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        this.Notify("Login settings saved.");
        return RedirectToPage();
    }

    private async Task<SalesAccount?> LoadAsync(CancellationToken ct)
    {
        EntraConfigured = await EntraSsoSetup.IsConfiguredAsync(schemes);
        return await settings.LoadAsync(ct);
    }
}
