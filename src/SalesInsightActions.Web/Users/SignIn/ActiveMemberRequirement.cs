using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users.SignIn;

/// <summary>
/// Checked against the database on each request, so deactivation or a role change takes effect at once
/// rather than when the cookie expires.
/// </summary>
public sealed record ActiveMemberRequirement(bool AdminOnly) : IAuthorizationRequirement;

internal sealed class ActiveMemberHandler(AppDbContext db, AccountScope scope, SignedInMember signedIn) : AuthorizationHandler<ActiveMemberRequirement>
{
    // Scoped: one lookup per request, however many policies the page and its layout check.
    private (Guid Id, MemberStatus Status, MemberRole Role)? looked;

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveMemberRequirement requirement)
    {
        if (!Guid.TryParse(context.User.FindFirst(AccountClaims.Member)?.Value, out var memberId))
        {
            return;
        }

        // The account filter applies: a member id from another account finds nothing.
        // The cookie check already read this member in this request (same account, same member): reuse it.
        if (looked?.Id != memberId && signedIn.Facts is { } facts && facts.MemberId == memberId && facts.Account.Id == scope.AccountId)
        {
            looked = (memberId, facts.Status, facts.Role);
        }

        if (looked?.Id != memberId)
        {
            var found = await db.Members.Where(m => m.Id == memberId).Select(m => new { m.Status, m.Role }).FirstOrDefaultAsync();
            looked = found is null ? (memberId, MemberStatus.Deactivated, MemberRole.StandardUser) : (memberId, found.Status, found.Role);
        }

        if (looked is { Status: MemberStatus.Active } member && (!requirement.AdminOnly || member.Role == MemberRole.Admin))
        {
            context.Succeed(requirement);
        }
    }
}
