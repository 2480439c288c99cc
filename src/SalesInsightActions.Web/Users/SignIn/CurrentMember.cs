using System.Security.Claims;

namespace SalesInsightActions.Web.Users.SignIn;

public static class CurrentMember
{
    public static Guid? MemberId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(AccountClaims.Member)?.Value, out var id) ? id : null;
}
