using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users.SignIn.Sso;

/// <summary>
/// Whether the sign-in page offers "Sign in with Microsoft": the app must be registered with Entra ID AND the account
/// must have turned it on (all login methods + Entra SSO) — the visitor's account when it is known (sandbox), else
/// an account of this installation (the Entra tenant is one organization's directory). A button that can only be
/// refused is not offered.
/// </summary>
public sealed class EntraSsoOffer(IAuthenticationSchemeProvider schemes, AccountScope scope, AppDbContext db)
{
    public async Task<bool> IsOfferedAsync(CancellationToken ct = default)
    {
        if (!await EntraSsoSetup.IsConfiguredAsync(schemes))
        {
            return false;
        }

        var accounts = db.SalesAccounts.AsNoTracking()
            .Where(a => a.LoginManagement == LoginManagement.AllLoginMethods && a.EntraSsoEnabled);
        return scope.AccountId is { } accountId
            ? await accounts.AnyAsync(a => a.Id == accountId, ct)
            : await accounts.AnyAsync(ct);
    }
}
