using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users.Settings;

/// <summary>Reads and changes how the current account's members sign in, refusing changes that would leave it unusable.</summary>
public sealed class LoginSettingsService(AppDbContext db, AccountScope scope, AuditTrail audit, ILogger<LoginSettingsService> logger)
{
    public const string ChooseLoginManagement = "Choose Salesforce only or All login methods.";
    public const string EntraNeedsAllLoginMethods = "Microsoft Entra ID single sign-on works only with All login methods. Choose All login methods, or clear the single sign-on box.";
    public const string SalesforceOnlyWouldLockOutAdmins = "No active admin has a linked Salesforce user, so with Salesforce only no admin could sign in, and nobody could change this back. An admin should first sign in with Salesforce once (Sign in with Salesforce), then choose Salesforce only.";

    public async Task<SalesAccount?> LoadAsync(CancellationToken ct) =>
        scope.AccountId is { } id ? await db.SalesAccounts.FirstOrDefaultAsync(a => a.Id == id, ct) : null;

    /// <summary>Saves the settings, or returns why not (a resource key) with nothing written.</summary>
    public async Task<string?> SaveAsync(SalesAccount account, LoginManagement loginManagement, bool entraSsoEnabled, Guid? actorMemberId, CancellationToken ct)
    {
        if (!Enum.IsDefined(loginManagement))
        {
            return ChooseLoginManagement;
        }

        if (entraSsoEnabled && loginManagement != LoginManagement.AllLoginMethods)
        {
            return EntraNeedsAllLoginMethods;
        }

        if (loginManagement == LoginManagement.SalesforceOnly && account.LoginManagement != LoginManagement.SalesforceOnly
            && !await AnActiveAdminCanSignInWithSalesforceAsync(account.Id, ct))
        {
            await audit.RecordAsync(AuditActions.LoginSettingsChanged, AuditOutcome.Refused, account.Name,
                "Salesforce only refused: no active admin has a linked Salesforce user", ct);
            return SalesforceOnlyWouldLockOutAdmins;
        }

        audit.Add(AuditActions.LoginSettingsChanged, AuditOutcome.Succeeded, account.Name,
            $"{account.LoginManagement} → {loginManagement}; Entra SSO {(account.EntraSsoEnabled ? "on" : "off")} → {(entraSsoEnabled ? "on" : "off")}");
        account.LoginManagement = loginManagement;
        account.EntraSsoEnabled = entraSsoEnabled;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Sales account {SalesAccountId} login settings changed by member {MemberId}: {LoginManagement}, Entra SSO {EntraSsoEnabled}",
            account.Id, actorMemberId, loginManagement, entraSsoEnabled);
        return null;
    }

    /// <summary>
    /// With Salesforce only, password sign-in is refused, so some active admin must be able to sign in with a Salesforce user
    /// already linked to them — from the account's own org once the account is connected to one.
    /// </summary>
    private async Task<bool> AnActiveAdminCanSignInWithSalesforceAsync(Guid accountId, CancellationToken ct)
    {
        var adminUserIds = db.Members.Where(m => m.Role == MemberRole.Admin && m.Status == MemberStatus.Active && m.UserId != null).Select(m => m.UserId!);
        var links = await db.UserLogins
            .Where(l => l.LoginProvider == SalesforceSignIn.LoginProvider && adminUserIds.Contains(l.UserId))
            .Select(l => l.ProviderKey).ToListAsync(ct);
        var org = await db.SalesforceConnections.Where(c => c.IsAccountConnection && c.SalesAccountId == accountId)
            .Select(c => c.OrganizationId).FirstOrDefaultAsync(ct);
        return org is null ? links.Count > 0 : links.Any(key => key.StartsWith(org + "/", StringComparison.Ordinal));
    }
}
