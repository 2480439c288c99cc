using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;
using SalesInsightActions.Web.Users.SignIn.Sso;

namespace SalesInsightActions.Web.Users.Settings;

/// <summary>Login management: "Salesforce only" or "All login methods", and Microsoft Entra ID SSO on top of the latter.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class LoginSettingsModel(AppDbContext db, AccountScope scope, IAuthenticationSchemeProvider schemes, AuditTrail audit, ILogger<LoginSettingsModel> logger) : PageModel
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

        if (!Enum.IsDefined(LoginManagement))
        {
            return Refused("Choose Salesforce only or All login methods.");
        }

        if (EntraSsoEnabled && LoginManagement != LoginManagement.AllLoginMethods)
        {
            return Refused("Microsoft Entra ID single sign-on works only with All login methods. Choose All login methods, or clear the single sign-on box.");
        }

        audit.Add(AuditActions.LoginSettingsChanged, AuditOutcome.Succeeded, account.Name,
            $"{account.LoginManagement} → {LoginManagement}; Entra SSO {(account.EntraSsoEnabled ? "on" : "off")} → {(EntraSsoEnabled ? "on" : "off")}");
        account.LoginManagement = LoginManagement;
        account.EntraSsoEnabled = EntraSsoEnabled;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Sales account {SalesAccountId} login settings changed by member {MemberId}: {LoginManagement}, Entra SSO {EntraSsoEnabled}",
            account.Id, User.MemberId(), LoginManagement, EntraSsoEnabled);
        this.Notify("Login settings saved.");
        return RedirectToPage();
    }

    private async Task<SalesAccount?> LoadAsync(CancellationToken ct)
    {
        EntraConfigured = await EntraSsoSetup.IsConfiguredAsync(schemes);
        return scope.AccountId is { } id ? await db.SalesAccounts.FirstOrDefaultAsync(a => a.Id == id, ct) : null;
    }

    /// <summary>Nothing was written: the form comes back with the reason, as a validation error.</summary>
    private PageResult Refused(string key)
    {
        ErrorKey = key;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
