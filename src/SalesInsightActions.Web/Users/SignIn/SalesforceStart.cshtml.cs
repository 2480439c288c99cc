using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SalesInsightActions.Web.Users.SignIn;

/// <summary>
/// Starts "Sign in with Salesforce", "Activate with Salesforce" (with an invitation token) or, for a signed-in
/// member, "Link Salesforce" — the only ways a Salesforce user becomes linked to a member.
/// </summary>
public sealed class SalesforceStartModel(SalesforceSignIn salesforce, UserManager<AppUser> users) : PageModel
{
    public IActionResult OnPost(string? invitationToken, string? returnUrl)
    {
        if (!string.IsNullOrEmpty(invitationToken))
        {
            return Redirect(salesforce.Start(HttpContext, SalesforceOAuthPurpose.ActivateInvitation, invitationToken, returnUrl).ToString());
        }

        return User.Identity?.IsAuthenticated == true && users.GetUserId(User) is { } userId
            ? Redirect(salesforce.Start(HttpContext, SalesforceOAuthPurpose.Link, userId, SalesforceSignIn.LinkPage, forceLogin: true).ToString())
            : Redirect(salesforce.Start(HttpContext, SalesforceOAuthPurpose.SignIn, null, returnUrl).ToString());
    }
}
