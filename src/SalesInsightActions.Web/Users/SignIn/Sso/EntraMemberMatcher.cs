using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Web.Users.SignIn.Sso;

/// <summary>A member to sign in, or the sentence (resource key + arguments) saying which rule failed and what to do.</summary>
public sealed record EntraMatchOutcome(AppUser? User, string? ErrorKey = null, string[]? ErrorArgs = null)
{
    public static EntraMatchOutcome Refuse(string key, params string[] args) => new(null, key, args);
}

/// <summary>
/// Decides whether a Microsoft Entra ID identity may sign in, and as whom. Rules, checked on every sign-in so an
/// admin's change takes effect at once: an account member with that email (or already linked to this Entra user),
/// the account allows all login methods AND has Entra SSO turned on, and the member is not deactivated.
/// An invited member is activated by their first Microsoft sign-in, as an invitation acceptance would.
/// The visitor is not signed in yet, so the work runs in its own scopes, acting for the member's account.
/// </summary>
public sealed class EntraMemberMatcher(IServiceScopeFactory scopes, InvitationAcceptance acceptance, ILogger<EntraMemberMatcher> logger)
{
    public const string LoginProvider = EntraSsoSetup.Scheme;

    private sealed record Candidate(Member Member, SalesAccount Account);

    public async Task<EntraMatchOutcome> MatchAsync(EntraIdentity identity, CancellationToken ct)
    {
        var candidate = await FindAsync(identity, ct);
        if (candidate is null)
        {
            return string.IsNullOrEmpty(identity.Email)
                ? EntraMatchOutcome.Refuse("Microsoft did not tell us your email address, so we cannot match you to a Sales account member. Ask your Microsoft Entra ID admin to release the email claim to this app.")
                : EntraMatchOutcome.Refuse("No Sales account member uses {0}. Ask an admin of your Sales account to invite this address, or sign in to Microsoft with the address you were invited with.", identity.Email);
        }

        var (member, account) = (candidate.Member, candidate.Account);
        if (account.LoginManagement != LoginManagement.AllLoginMethods)
        {
            return EntraMatchOutcome.Refuse("{0} signs in with Salesforce only, so Microsoft sign-in is turned off. Use Sign in with Salesforce, or ask an admin to choose All login methods and turn on Microsoft Entra ID single sign-on in Login settings.", account.Name);
        }

        if (!account.EntraSsoEnabled)
        {
            return EntraMatchOutcome.Refuse("Microsoft Entra ID single sign-on is not turned on for {0}. Sign in with your password or with Salesforce, or ask an admin to turn it on in Login settings.", account.Name);
        }

        return member.Status switch
        {
            MemberStatus.Deactivated => EntraMatchOutcome.Refuse("Your membership of {0} is deactivated. Ask an admin of your Sales account to reactivate you.", account.Name),
            MemberStatus.Invited when member.UserId is null => await ActivateAsync(member.Id, account.Id, identity, ct),
            _ => await LinkAsync(member, account, identity, ct),
        };
    }

    /// <summary>The member already linked to this Entra user wins over an email match: Entra emails can change, (tid, oid) cannot.</summary>
    private async Task<Candidate?> FindAsync(EntraIdentity identity, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Across accounts on purpose: an email (and a linked login) belongs to one Sales account only.
        var members = db.Members.IgnoreQueryFilters().AsNoTracking();
        var linked = await users.FindByLoginAsync(LoginProvider, identity.ProviderKey);
        var emailKey = string.IsNullOrEmpty(identity.Email) ? null : EmailAddress.Key(identity.Email);
        var query = linked is not null
            ? members.Where(m => m.UserId == linked.Id)
            : emailKey is null ? null
            : members.Where(m => m.NormalizedEmail == emailKey);
        if (query is null)
        {
            return null;
        }

        var found = await query.Join(db.SalesAccounts.AsNoTracking(), m => m.SalesAccountId, a => a.Id, (m, a) => new { Member = m, Account = a })
            .FirstOrDefaultAsync(ct);
        return found is null ? null : new Candidate(found.Member, found.Account);
    }

    /// <summary>First Microsoft sign-in of a member who already has a sign-in identity: add the Entra login to it.</summary>
    private async Task<EntraMatchOutcome> LinkAsync(Member member, SalesAccount account, EntraIdentity identity, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = member.UserId is null ? null : await users.FindByIdAsync(member.UserId);
        if (user is null)
        {
            return EntraMatchOutcome.Refuse("Your membership of {0} has no sign-in yet. Open the newest invitation email, or ask an admin of your Sales account to resend it.", account.Name);
        }

        var logins = await users.GetLoginsAsync(user);
        if (!logins.Any(l => l.LoginProvider == LoginProvider && l.ProviderKey == identity.ProviderKey))
        {
            if (logins.Any(l => l.LoginProvider == LoginProvider))
            {
                return EntraMatchOutcome.Refuse("{0} is already linked to a different Microsoft account. Sign in with that Microsoft account, or ask an admin of your Sales account for help.", member.Email);
            }

            var added = await users.AddLoginAsync(user, new UserLoginInfo(LoginProvider, identity.ProviderKey, "Microsoft"));
            if (!added.Succeeded)
            {
                logger.LogWarning("Linking an Entra login to member {MemberId} failed: {ErrorCodes}", member.Id, string.Join(",", added.Errors.Select(e => e.Code)));
                return EntraMatchOutcome.Refuse("This Microsoft account is already linked to another Sales member. Sign in as that member, or ask an admin of your Sales account for help.");
            }

            logger.LogInformation("Member {MemberId} of Sales account {SalesAccountId} linked Entra user {EntraObjectId} of tenant {EntraTenantId}", member.Id, account.Id, identity.ObjectId, identity.TenantId);
        }

        if (await users.IsLockedOutAsync(user))
        {
            return EntraMatchOutcome.Refuse("Too many failed attempts. This sign-in is locked for 15 minutes.");
        }

        return new EntraMatchOutcome(user);
    }

    /// <summary>
    /// An invited member's first Microsoft sign-in accepts the invitation: Entra vouches for the address as the
    /// emailed link would. InvitationAcceptance needs the link's token, which this flow does not have.
    /// </summary>
    private async Task<EntraMatchOutcome> ActivateAsync(Guid memberId, Guid accountId, EntraIdentity identity, CancellationToken ct)
    {
        var result = await acceptance.ActivateInvitedMemberAsync(accountId, memberId, new UserLoginInfo(LoginProvider, identity.ProviderKey, "Microsoft"), identity.DisplayName, ct);
        if (!result.Succeeded)
        {
            logger.LogWarning("Activating member {MemberId} with Entra failed: {ErrorCodes}", memberId, string.Join(",", result.PasswordErrors));
            return EntraMatchOutcome.Refuse("We could not activate your membership with Microsoft. Open the newest invitation email, or ask an admin of your Sales account to resend it.");
        }

        logger.LogInformation("Member {MemberId} of Sales account {SalesAccountId} activated with Entra user {EntraObjectId}", memberId, accountId, identity.ObjectId);
        return new EntraMatchOutcome(result.User);
    }
}
