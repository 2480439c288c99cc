using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;

namespace SalesInsightActions.Web.Users.SignIn;

/// <summary>Salesforce redirects here (GET) with a code or an error; success signs the member in.</summary>
[IgnoreAntiforgeryToken]
public sealed class SalesforceCallbackModel(SalesforceSignIn salesforce, SignInManager<AppUser> signIn) : PageModel
{
    public string? ErrorKey { get; private set; }
    public object[] ErrorArgs { get; private set; } = [];
    public string BackUrl { get; private set; } = "/sign-in";

    public async Task<IActionResult> OnGetAsync(string? code, string? state, string? error, CancellationToken ct)
    {
        var outcome = await salesforce.CompleteAsync(HttpContext, code, state, error, ct);
        if (outcome.User is not null)
        {
            await signIn.SignInAsync(outcome.User, isPersistent: false, authenticationMethod: SalesforceSignIn.LoginProvider);
            if (outcome.ReturnUrl == SalesforceSignIn.LinkPage)
            {
                this.Notify("Your Salesforce user is linked. You can now sign in with Salesforce.");
            }

            return LocalRedirect(Url.IsLocalUrl(outcome.ReturnUrl) ? outcome.ReturnUrl : "/");
        }

        ErrorKey = outcome.ErrorKey;
        ErrorArgs = [.. outcome.ErrorArgs ?? []];
        BackUrl = outcome.ReturnUrl;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
