using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Data;

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

/// <summary>
/// Validates every cookie on every request (interval zero): the security stamp (changed at sign-out, so
/// a copied cookie dies with the session) and that the member is still active, so a deactivated or
/// deleted member is signed out of every page at once, not only of the pages behind a member policy.
/// The cost is one indexed lookup per request.
/// </summary>
internal sealed class ActiveMemberSecurityStampValidator(
    IOptions<SecurityStampValidatorOptions> options,
    SignInManager<AppUser> signInManager,
    ILoggerFactory logger,
    IUserConfirmation<AppUser> confirmation)
    : SecurityStampValidator<AppUser>(options, signInManager, logger)
{
    protected override async Task<AppUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        var user = await base.VerifySecurityStamp(principal);
        return user is not null && await confirmation.IsConfirmedAsync(SignInManager.UserManager, user) ? user : null;
    }
}
