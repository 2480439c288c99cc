using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Security;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Web.Users.SignIn;

public enum SalesforceOAuthPurpose
{
    SignIn,
    ActivateInvitation,

    /// <summary>A signed-in member links their Salesforce user to their own membership.</summary>
    Link,
}

/// <summary>The outcome of a Salesforce callback: a user to sign in, or a sentence saying what went wrong and what to do.</summary>
public sealed record SalesforceCallbackOutcome(AppUser? User, string ReturnUrl, string? ErrorKey = null, string[]? ErrorArgs = null);

/// <summary>
/// "Sign in with Salesforce" and "Activate with Salesforce": the OAuth web server flow with PKCE and state
/// (<see cref="SalesforceOAuthFlow"/>, shared with the account connection).
/// A Salesforce user signs in only as the member it is linked to: linked by activating the invitation with Salesforce
/// (the invited email must be the user's verified email) or by the member while signed in. An email match alone never
/// links, because any org's admin can give a Salesforce user any address. Once the account is connected to its org,
/// only users of that org are accepted.
/// </summary>
public sealed class SalesforceSignIn(
    ISalesforceOAuthClient oauth,
    SalesforceOAuthFlow flows,
    IServiceScopeFactory scopes,
    InvitationAcceptance acceptance,
    TimeProvider clock,
    ILogger<SalesforceSignIn> logger)
{
    public const string LoginProvider = "Salesforce";
    private const string CookieName = "sia.sf-oauth";

    /// <summary><paramref name="context"/>: the invitation token when activating, the signed-in user's id when linking.</summary>
    public Uri Start(HttpContext http, SalesforceOAuthPurpose purpose, string? context = null, string? returnUrl = null, bool forceLogin = false) =>
        flows.Start(http, CookieName, purpose.ToString(), context, returnUrl, forceLogin: forceLogin);

    public async Task<SalesforceCallbackOutcome> CompleteAsync(HttpContext http, string? code, string? state, string? error, CancellationToken ct)
    {
        var flow = flows.Take(http, CookieName, state);
        if (flow is null || !Enum.TryParse<SalesforceOAuthPurpose>(flow.Purpose, out var purpose))
        {
            return Fail("/", "The Salesforce sign-in took too long or was started in another browser. Start again.");
        }

        var back = purpose switch
        {
            SalesforceOAuthPurpose.ActivateInvitation => "/invitations/accept?token=" + Uri.EscapeDataString(flow.Context ?? ""),
            SalesforceOAuthPurpose.Link => LinkPage,
            _ => "/sign-in",
        };
        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(code))
        {
            return Fail(back, error == "access_denied"
                ? "You did not allow Sales Insight Actions to use your Salesforce account, so nothing was changed. To continue, start again and choose Allow."
                : "Salesforce did not sign you in. Start again; if it keeps failing, ask your Salesforce admin whether the connected app is blocked.");
        }

        SalesforceTokens tokens;
        Connections.Salesforce.Wire.SalesforceIdentity identity;
        try
        {
            tokens = await oauth.ExchangeCodeAsync(flow.ToAuthorizationRequest(), code, ct);
            identity = await oauth.GetIdentityAsync(tokens, ct);
        }
        catch (Exception ex) when (ex is SalesforceOAuthException or SalesforceApiException or HttpRequestException)
        {
            logger.LogWarning(ex, "Salesforce code exchange failed for a {Purpose} flow", purpose);
            return Fail(back, "We were unable to authenticate your request with Salesforce. Start again; if it keeps failing, ask your Salesforce admin to check that your profile has API Enabled.");
        }

        if (string.IsNullOrWhiteSpace(identity.Email) || tokens.OrganizationId is null || tokens.UserId is null)
        {
            return Fail(back, "Salesforce did not tell us your email address, so we cannot match you to your Sales account.");
        }

        if (identity.EmailVerified != true)
        {
            return Fail(back, "Salesforce says your email address {0} is not verified yet. Confirm it from the email Salesforce sent you, then start again.", identity.Email!);
        }

        var login = new UserLoginInfo(LoginProvider, $"{tokens.OrganizationId}/{tokens.UserId}", identity.DisplayName ?? identity.Username);
        return purpose switch
        {
            SalesforceOAuthPurpose.ActivateInvitation => await ActivateAsync(flow, tokens, identity, login, back, ct),
            SalesforceOAuthPurpose.Link => await LinkAsync(http, flow, tokens, identity, login, ct),
            _ => await SignInAsync(flow, tokens, identity, login, ct),
        };
    }

    public const string LinkPage = "/settings/sign-in-methods";

    /// <summary>The org of the account's own Salesforce connection (step 2), or null before the account is connected.</summary>
    private async Task<string?> AccountOrgAsync(Guid accountId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.SalesforceConnections.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.SalesAccountId == accountId && c.IsAccountConnection)
            .Select(c => c.OrganizationId).FirstOrDefaultAsync(ct);
    }

    private async Task<SalesforceCallbackOutcome?> RefuseOtherOrgAsync(Guid accountId, SalesforceTokens tokens, string back, CancellationToken ct)
    {
        var org = await AccountOrgAsync(accountId, ct);
        return org is not null && !SameOrg(org, tokens.OrganizationId!)
            ? Fail(back, "Your Sales account is connected to another Salesforce org. Sign in to Salesforce with your user in that org and start again.")
            : null;
    }

    /// <summary>Salesforce ids compare on their case-sensitive 15-character form.</summary>
    private static bool SameOrg(string a, string b) =>
        a.Length >= 15 && b.Length >= 15 && a.AsSpan(0, 15).SequenceEqual(b.AsSpan(0, 15));

    private async Task<SalesforceCallbackOutcome> LinkAsync(HttpContext http, SalesforceOAuthFlowState flow, SalesforceTokens tokens, Connections.Salesforce.Wire.SalesforceIdentity identity, UserLoginInfo login, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(http.User);
        // The flow is bound to the member who started it: a link finished in someone else's session is refused.
        if (user?.SalesAccountId is not { } accountId || user.Id.ToString() != flow.Context)
        {
            return Fail("/sign-in", "Sign in first, then link Salesforce from Your sign-in methods.");
        }

        if (await RefuseOtherOrgAsync(accountId, tokens, LinkPage, ct) is { } otherOrg)
        {
            return otherOrg;
        }

        var existing = await users.FindByLoginAsync(login.LoginProvider, login.ProviderKey);
        if (existing is not null && existing.Id != user.Id)
        {
            return Fail(LinkPage, "This Salesforce user is already linked to another Sales member. Sign in with that member's Salesforce user.");
        }

        if (existing is null)
        {
            var current = (await users.GetLoginsAsync(user)).FirstOrDefault(l => l.LoginProvider == LoginProvider);
            if (current is not null)
            {
                await users.RemoveLoginAsync(user, current.LoginProvider, current.ProviderKey);
            }

            var linked = await users.AddLoginAsync(user, login);
            if (!linked.Succeeded)
            {
                return Fail(LinkPage, "This Salesforce user is already linked to another Sales member. Sign in with that member's Salesforce user.");
            }

            logger.LogInformation("User {UserId} linked Salesforce user {SalesforceUserId} while signed in", user.Id, tokens.UserId);
        }

        await SaveConnectionAsync(user, tokens, identity, ct);
        return new SalesforceCallbackOutcome(user, LinkPage);
    }

    private async Task<SalesforceCallbackOutcome> ActivateAsync(SalesforceOAuthFlowState flow, SalesforceTokens tokens, Connections.Salesforce.Wire.SalesforceIdentity identity, UserLoginInfo login, string back, CancellationToken ct)
    {
        var invitation = await acceptance.FindAsync(flow.Context, ct);
        if (invitation.AccountId != Guid.Empty && await RefuseOtherOrgAsync(invitation.AccountId, tokens, back, ct) is { } otherOrg)
        {
            return otherOrg;
        }

        var result = await acceptance.AcceptWithExternalLoginAsync(flow.Context ?? "", identity.Email!, login, ct);
        if (!result.Succeeded)
        {
            return result.PasswordErrors.Contains("EmailMismatch")
                ? Fail(back, "You signed in to Salesforce as {0}, but the invitation is for {1}. Sign in to Salesforce with the invited address, or ask your admin to invite {0}.", identity.Email!, invitation.Email)
                : result.PasswordErrors.Any(e => e.StartsWith("Duplicate", StringComparison.Ordinal) || e == "LoginAlreadyAssociated")
                    ? Fail(back, "This Salesforce user is already linked to another Sales member. Sign in with Salesforce instead.")
                    : Fail(back, "This invitation can no longer be used. Open the newest invitation email, or ask your admin to resend it.");
        }

        await SaveConnectionAsync(result.User!, tokens, identity, ct);
        return new SalesforceCallbackOutcome(result.User, "/");
    }

    private async Task<SalesforceCallbackOutcome> SignInAsync(SalesforceOAuthFlowState flow, SalesforceTokens tokens, Connections.Salesforce.Wire.SalesforceIdentity identity, UserLoginInfo login, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByLoginAsync(login.LoginProvider, login.ProviderKey);
        if (user?.SalesAccountId is not { } accountId)
        {
            return Fail("/sign-in", "No Sales member has linked the Salesforce user {0}. Sign in with your password and link Salesforce under Your sign-in methods, or ask an admin of your Sales account to invite you.", identity.Username ?? identity.Email!);
        }

        if (await RefuseOtherOrgAsync(accountId, tokens, "/sign-in", ct) is { } otherOrg)
        {
            return otherOrg;
        }

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var active = await db.Members.IgnoreQueryFilters().AnyAsync(m => m.UserId == user.Id && m.Status == MemberStatus.Active, ct);
        if (!active)
        {
            return Fail("/sign-in", "Your membership is not active. Ask an admin of your Sales account to reactivate you.");
        }

        await SaveConnectionAsync(user, tokens, identity, ct);
        return new SalesforceCallbackOutcome(user, flow.ReturnUrl);
    }

    /// <summary>Keeps the member's own Salesforce connection (one per member) with the newest tokens.</summary>
    private async Task SaveConnectionAsync(AppUser user, SalesforceTokens tokens, Connections.Salesforce.Wire.SalesforceIdentity identity, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(user.SalesAccountId!.Value);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<SecretProtector>();
        var member = await db.Members.SingleAsync(m => m.UserId == user.Id, ct);
        var connection = await db.SalesforceConnections.FirstOrDefaultAsync(c => c.MemberId == member.Id, ct);
        if (connection is null)
        {
            connection = new MemberSalesforceConnection
            {
                MemberId = member.Id,
                InstanceUrl = "",
                OrganizationId = tokens.OrganizationId!,
                SalesforceUserId = tokens.UserId!,
                Username = identity.Username ?? identity.Email!,
                ProtectedAccessToken = "",
                ConnectedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.SalesforceConnections.Add(connection);
        }

        SalesforceTokenStore.Apply(connection, tokens, secrets);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Member {MemberId} connected Salesforce user {SalesforceUserId} of org {SalesforceOrgId}", member.Id, tokens.UserId, tokens.OrganizationId);
    }

    private static SalesforceCallbackOutcome Fail(string back, string key, params string[] args) => new(null, back, key, args);

}
