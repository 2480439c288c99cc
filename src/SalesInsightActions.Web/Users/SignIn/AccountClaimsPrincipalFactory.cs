using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users.SignIn;

/// <summary>Adds the account and member ids to the sign-in cookie; roles are read live by the policies.</summary>
internal sealed class AccountClaimsPrincipalFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.SalesAccountId is { } accountId)
        {
            identity.AddClaim(new Claim(AccountClaims.Account, accountId.ToString()));
            var memberId = await db.Members.IgnoreQueryFilters()
                .Where(m => m.SalesAccountId == accountId && m.UserId == user.Id)
                .Select(m => (Guid?)m.Id).FirstOrDefaultAsync();
            if (memberId is { } id)
            {
                identity.AddClaim(new Claim(AccountClaims.Member, id.ToString()));
            }
        }

        if (user.DisplayName is { Length: > 0 } name)
        {
            identity.AddClaim(new Claim("name", name));
        }

        return identity;
    }
}
