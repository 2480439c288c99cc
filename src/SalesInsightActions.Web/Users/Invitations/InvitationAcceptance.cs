using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users.Invitations;

public enum InvitationState
{
    Valid,
    NotFound,
    Revoked,
    Expired,
    AlreadyUsed,
}

public sealed record InvitationLookup(InvitationState State, Guid InvitationId, Guid MemberId, Guid AccountId, string AccountName, string Email, LoginManagement LoginManagement, DateTime ExpiresAt)
{
    public static InvitationLookup NotFound { get; } = new(InvitationState.NotFound, Guid.Empty, Guid.Empty, Guid.Empty, "", "", LoginManagement.SalesforceOnly, DateTime.MinValue);
}

public sealed record AcceptResult(AppUser? User, InvitationState State, IReadOnlyList<string> PasswordErrors)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Turns a valid invitation link into an active member with a sign-in identity. The person is not
/// signed in yet, so the work runs in its own scope acting for the invitation's account.
/// </summary>
public sealed class InvitationAcceptance(IServiceScopeFactory scopes, TimeProvider clock, ILogger<InvitationAcceptance> logger)
{
    public async Task<InvitationLookup> FindAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return InvitationLookup.NotFound;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await LookupAsync(db, token, ct);
    }

    public Task<AcceptResult> AcceptWithPasswordAsync(string token, string password, CancellationToken ct = default) =>
        AcceptAsync(token, expectedEmail: null, async (users, user) =>
        {
            var created = await users.CreateAsync(user, password);
            return created.Succeeded ? [] : created.Errors.Select(e => e.Code).ToList();
        }, ct);

    /// <summary>Activation through Salesforce or SSO: the identity provider's verified email must be the invited one.</summary>
    public Task<AcceptResult> AcceptWithExternalLoginAsync(string token, string verifiedEmail, UserLoginInfo login, CancellationToken ct = default) =>
        AcceptAsync(token, verifiedEmail, CreateWithLogin(login), ct);

    /// <summary>
    /// Activates an invited member without the emailed link, when the account's own identity provider (Microsoft
    /// Entra ID SSO) has vouched for the invited address as the link would.
    /// </summary>
    public async Task<AcceptResult> ActivateInvitedMemberAsync(Guid accountId, Guid memberId, UserLoginInfo login, string? displayName, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await ActivateAsync(scope, accountId, memberId, displayName, CreateWithLogin(login), ct);
    }

    private static Func<UserManager<AppUser>, AppUser, Task<List<string>>> CreateWithLogin(UserLoginInfo login) => async (users, user) =>
    {
        var created = await users.CreateAsync(user);
        if (created.Succeeded)
        {
            created = await users.AddLoginAsync(user, login);
        }

        return created.Succeeded ? [] : created.Errors.Select(e => e.Code).ToList();
    };

    private async Task<AcceptResult> AcceptAsync(string token, string? expectedEmail, Func<UserManager<AppUser>, AppUser, Task<List<string>>> createUser, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var invitation = await LookupAsync(db, token, ct);
        if (invitation.State != InvitationState.Valid)
        {
            return new AcceptResult(null, invitation.State, []);
        }

        if (expectedEmail is not null && EmailAddress.Key(expectedEmail) != EmailAddress.Key(invitation.Email))
        {
            return new AcceptResult(null, InvitationState.Valid, ["EmailMismatch"]);
        }

        return await ActivateAsync(scope, invitation.AccountId, invitation.MemberId, null, createUser, ct);
    }

    /// <summary>Creates the sign-in identity and activates the member in one transaction; the open invitation is used up.</summary>
    private async Task<AcceptResult> ActivateAsync(AsyncServiceScope scope, Guid accountId, Guid memberId, string? fallbackDisplayName,
        Func<UserManager<AppUser>, AppUser, Task<List<string>>> createUser, CancellationToken ct)
    {
        scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(accountId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
        if (member.Status != MemberStatus.Invited)
        {
            return new AcceptResult(null, member.Status == MemberStatus.Active ? InvitationState.AlreadyUsed : InvitationState.Revoked, []);
        }

        var user = new AppUser
        {
            UserName = member.Email,
            Email = member.Email,
            EmailConfirmed = true, // proven by the emailed link, or by the account's identity provider
            SalesAccountId = accountId,
            // The identity provider's display name is outside our control: kept only without control or invisible characters.
            DisplayName = $"{member.FirstName} {member.LastName}".Trim() is { Length: > 0 } name ? name : fallbackDisplayName is null ? null : InputText.Strip(fallbackDisplayName),
        };
        try
        {
            var errors = await createUser(users, user);
            if (errors.Count > 0)
            {
                await transaction.RollbackAsync(ct);
                // A concurrent acceptance committed the member's sign-in name first: the link is used, not the password bad.
                var usedMeanwhile = errors.Any(e => e is "DuplicateUserName" or "DuplicateEmail")
                    && await db.Members.AsNoTracking().AnyAsync(m => m.Id == memberId && m.Status == MemberStatus.Active, ct);
                return new AcceptResult(null, usedMeanwhile ? InvitationState.AlreadyUsed : InvitationState.Valid, usedMeanwhile ? [] : errors);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            member.Status = MemberStatus.Active;
            member.ActivatedAt = now;
            member.UserId = user.Id;
            await db.Invitations.Where(i => i.MemberId == memberId && i.AcceptedAt == null && i.RevokedAt == null)
                .ForEachAsync(i => i.AcceptedAt = now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // The same link opened twice at once (a double click, two tabs): both saw "Invited", the unique sign-in
            // name lets only the first commit. The other is told the invitation is already used, as it now is.
            logger.LogInformation(ex, "A concurrent acceptance of member {MemberId}'s invitation lost the race", memberId);
            return new AcceptResult(null, InvitationState.AlreadyUsed, []);
        }

        logger.LogInformation("Member {MemberId} of Sales account {SalesAccountId} accepted their invitation", member.Id, accountId);
        return new AcceptResult(user, InvitationState.Valid, []);
    }

    private async Task<InvitationLookup> LookupAsync(AppDbContext db, string token, CancellationToken ct)
    {
        var hash = InvitationToken.Hash(token);
        // Looked up across accounts on purpose: the token itself is the proof of which account.
        var found = await db.Invitations.IgnoreQueryFilters()
            .Where(i => i.TokenHash == hash)
            .Join(db.Members.IgnoreQueryFilters(), i => i.MemberId, m => m.Id, (i, m) => new { Invitation = i, Member = m })
            .Join(db.SalesAccounts, x => x.Invitation.SalesAccountId, a => a.Id, (x, a) => new { x.Invitation, x.Member, Account = a })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return InvitationLookup.NotFound;
        }

        var state = found.Invitation.AcceptedAt is not null || found.Member.Status == MemberStatus.Active ? InvitationState.AlreadyUsed
            : found.Invitation.RevokedAt is not null || found.Member.Status == MemberStatus.Deactivated ? InvitationState.Revoked
            : found.Invitation.ExpiresAt <= clock.GetUtcNow().UtcDateTime ? InvitationState.Expired
            : InvitationState.Valid;
        return new InvitationLookup(state, found.Invitation.Id, found.Member.Id, found.Account.Id, found.Account.Name, found.Member.Email,
            found.Account.LoginManagement, found.Invitation.ExpiresAt);
    }
}
