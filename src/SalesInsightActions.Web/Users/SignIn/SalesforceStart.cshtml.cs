using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SalesInsightActions.Web.Users.SignIn;

/// <summary>Starts "Sign in with Salesforce" or, with an invitation token, "Activate with Salesforce".</summary>
public sealed class SalesforceStartModel(SalesforceSignIn salesforce) : PageModel
{
    public IActionResult OnPost(string? invitationToken, string? returnUrl) =>
        Redirect(salesforce.Start(HttpContext,
            string.IsNullOrEmpty(invitationToken) ? SalesforceOAuthPurpose.SignIn : SalesforceOAuthPurpose.ActivateInvitation,
            invitationToken, returnUrl).ToString());
}
