using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Database;

namespace SalesInsightActions.Web.Users.SignIn;

/// <summary>
/// "Confirmed" means an active member: Identity then refuses a password sign-in of a deactivated
/// member (SignInResult.NotAllowed), whichever page asks. Runs before the account is resolved, so it
/// looks across accounts by the user's own account id.
/// </summary>
internal sealed class ActiveMemberConfirmation(AppDbContext db) : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) =>
        user.SalesAccountId is { } accountId
            ? db.Members.IgnoreQueryFilters().AnyAsync(m => m.SalesAccountId == accountId && m.UserId == user.Id && m.Status == MemberStatus.Active)
            : Task.FromResult(false);
}

/// <summary>What the cookie check read about the signed-in member this request; the policies and the layout reuse it.</summary>
public sealed record SignedInMemberFacts(Guid MemberId, MemberStatus Status, MemberRole Role, CurrentAccountInfo Account);

/// <summary>Request-scoped: filled by <see cref="ActiveMemberSecurityStampValidator"/>, read by the policies and <see cref="CurrentAccount"/>.</summary>
public sealed class SignedInMember
{
    public SignedInMemberFacts? Facts { get; internal set; }
}

/// <summary>
/// Validates every cookie on every request: the security stamp (changed at sign-out, so a copied cookie
/// dies with the session) and that the member is still active, so a deactivated or deleted member is
/// signed out of every page at once, not only of the pages behind a member policy.
///
/// Identity's own validator with a zero interval does this with three lookups, rebuilds the principal
/// (two more) and re-encrypts the cookie on every response. Here it is one indexed query that also reads
/// the member's role and the account the layout shows, so the policies and <see cref="CurrentAccount"/>
/// need no query of their own; the principal is rebuilt (and the cookie re-issued) only when what it
/// carries is out of date.
/// </summary>
internal sealed class ActiveMemberSecurityStampValidator(
    SignInManager<AppUser> signInManager,
    IOptions<IdentityOptions> identityOptions,
    AppDbContext db,
    SignedInMember signedIn) : ISecurityStampValidator
{
    private sealed record SessionMember(Guid Id, MemberStatus Status, MemberRole Role);

    private sealed record Session(string? SecurityStamp, string? UserName, SessionMember? Member, CurrentAccountInfo? Account);

    // Compiled once: this query runs on every request, and EF otherwise re-walks the LINQ tree and compiles a
    // parameter-reading delegate each time. Outer joins, not sub-selects: EF writes FirstOrDefault() inside a
    // projection as ROW_NUMBER() over the whole members table, which PostgreSQL computed for every member of every
    // account on every request. A user has at most one member row (their account's), so the joins keep one row,
    // found through the UserId and key indexes.
    private static readonly System.Linq.Expressions.Expression<Func<AppDbContext, string, CancellationToken, Session?>> SessionExpression =
        (AppDbContext db, string userId, CancellationToken ct) => (
                from u in db.Users.AsNoTracking().IgnoreQueryFilters()
                where u.Id == userId
                join m in db.Members.AsNoTracking().IgnoreQueryFilters() on new { AccountId = u.SalesAccountId, UserId = (string?)u.Id } equals new { AccountId = (Guid?)m.SalesAccountId, m.UserId } into members
                from m in members.DefaultIfEmpty()
                join a in db.SalesAccounts.AsNoTracking().IgnoreQueryFilters() on u.SalesAccountId equals (Guid?)a.Id into accounts
                from a in accounts.DefaultIfEmpty()
                select new Session(
                    u.SecurityStamp,
                    u.UserName,
                    m == null ? null : new SessionMember(m.Id, m.Status, m.Role),
                    a == null ? null : new CurrentAccountInfo(a.Id, a.Name, a.MunchkinId, a.IsSandbox)))
            .FirstOrDefault();

    private static readonly CompiledPerModel<Func<AppDbContext, string, CancellationToken, Task<Session?>>> SessionQueries =
        new(() => EF.CompileAsyncQuery(SessionExpression));

    private static Task<Session?> SessionQuery(AppDbContext db, string userId, CancellationToken ct) => SessionQueries.For(db)(db, userId, ct);

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var claimTypes = identityOptions.Value.ClaimsIdentity;
        var principal = context.Principal;
        var userId = principal?.FindFirstValue(claimTypes.UserIdClaimType);
        var session = userId is null ? null : await SessionQuery(db, userId, context.HttpContext.RequestAborted);

        var stampMatches = session is not null
            && (!signInManager.UserManager.SupportsUserSecurityStamp || principal?.FindFirstValue(claimTypes.SecurityStampClaimType) == session.SecurityStamp);
        if (principal is null || session is null || !stampMatches || session.Member is not { Status: MemberStatus.Active } member || session.Account is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }

        signedIn.Facts = new SignedInMemberFacts(member.Id, member.Status, member.Role, session.Account);
        if (principal.MemberId() != member.Id
            || principal.FindFirstValue(AccountClaims.Account) != session.Account.Id.ToString()
            || principal.FindFirstValue(claimTypes.UserNameClaimType) != session.UserName)
        {
            var user = await signInManager.UserManager.FindByIdAsync(userId!);
            if (user is not null)
            {
                context.ReplacePrincipal(await signInManager.CreateUserPrincipalAsync(user));
                context.ShouldRenew = true;
            }
        }
    }
}
