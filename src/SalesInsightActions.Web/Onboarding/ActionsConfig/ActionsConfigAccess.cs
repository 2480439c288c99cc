using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Onboarding.ActionsConfig;

/// <summary>Who may act on Actions Config for which account: a browser that verified the API credentials, or a signed-in admin.</summary>
/// <param name="MemberId">The signed-in admin; null for a browser that proved itself with API credentials only.</param>
public sealed record ActionsConfigVisitor(Guid AccountId, Guid? MemberId);

/// <summary>
/// Remembers "this browser verified the API credentials of account X" in a short-lived, data-protected cookie,
/// so a Marketo admin who is not (yet) a member can invite the first admins right after verifying.
/// </summary>
public sealed class ActionsConfigAccess(
    IDataProtectionProvider protection,
    IAuthorizationService authorization,
    IOptions<ActionsConfigOptions> options,
    TimeProvider clock)
{
    internal const string CookieName = "sia.actions-config";
    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("SalesInsightActions.ActionsConfig.VerifiedBrowser").ToTimeLimitedDataProtector();

    public void RememberVerified(HttpContext http, Guid accountId)
    {
        var lifetime = options.Value.VerifiedBrowserLifetime;
        var value = _protector.Protect(accountId.ToString("N", CultureInfo.InvariantCulture), clock.GetUtcNow().Add(lifetime));
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/admin",
            MaxAge = lifetime,
            IsEssential = true,
        });
    }

    /// <summary>The verified browser's account first (it is what the visitor just proved), else a signed-in admin's.</summary>
    public async Task<ActionsConfigVisitor?> ResolveAsync(HttpContext http)
    {
        Guid? memberId = null;
        Guid? memberAccount = null;
        if (http.User.Identity?.IsAuthenticated == true
            && (await authorization.AuthorizeAsync(http.User, Policies.AccountAdmin)).Succeeded
            && Guid.TryParse(http.User.FindFirst(AccountClaims.Account)?.Value, out var signedInAccount))
        {
            memberId = http.User.MemberId();
            memberAccount = signedInAccount;
        }

        if (VerifiedAccount(http) is { } verified)
        {
            return new ActionsConfigVisitor(verified, verified == memberAccount ? memberId : null);
        }

        return memberAccount is { } account ? new ActionsConfigVisitor(account, memberId) : null;
    }

    private Guid? VerifiedAccount(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return Guid.TryParse(_protector.Unprotect(value, out var expiresAt), out var id) && expiresAt > clock.GetUtcNow() ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
