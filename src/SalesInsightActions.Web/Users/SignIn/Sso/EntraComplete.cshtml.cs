using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SalesInsightActions.Web.Users.SignIn.Sso;

/// <summary>
/// Where the Entra handler sends the browser once it has validated the id_token into Identity's external cookie:
/// the member rules run here, and only then is the app's own sign-in cookie issued.
/// </summary>
public sealed class EntraCompleteModel(IServiceProvider services, IAuthenticationSchemeProvider schemes, SignInManager<AppUser> signIn, ILogger<EntraCompleteModel> logger) : PageModel
{
    public const string Path = "/sign-in/entra/complete";

    public string ErrorKey { get; private set; } = "Microsoft did not sign you in. Start again; if it keeps failing, ask your Microsoft Entra ID admin whether this app is allowed for you.";
    public object[] ErrorArgs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? returnUrl, string? error, CancellationToken ct)
    {
        // Without AzureAd settings there is no Microsoft sign-in (and no matcher): a bookmarked URL gets "not found".
        if (!await EntraSsoSetup.IsConfiguredAsync(schemes) || services.GetService<EntraMemberMatcher>() is not { } matcher)
        {
            return NotFound();
        }

        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        var identity = external.Succeeded
            && external.Properties?.Items.TryGetValue("LoginProvider", out var provider) == true && provider == EntraSsoSetup.Scheme
            ? EntraIdentity.From(external.Principal!)
            : null;
        if (identity is null)
        {
            if (error == EntraRemoteFailure.Cancelled)
            {
                ErrorKey = "You cancelled the Microsoft sign-in, so nothing was changed. To continue, start again.";
            }
            else if (error is null)
            {
                ErrorKey = "The Microsoft sign-in took too long or was started in another browser. Start again.";
            }

            return Refused();
        }

        var outcome = await matcher.MatchAsync(identity, ct);
        if (outcome.User is null)
        {
            logger.LogInformation("Entra user {EntraObjectId} of tenant {EntraTenantId} was refused: {Reason}", identity.ObjectId, identity.TenantId, outcome.ErrorKey);
            ErrorKey = outcome.ErrorKey!;
            ErrorArgs = [.. outcome.ErrorArgs ?? []];
            return Refused();
        }

        await signIn.SignInAsync(outcome.User, isPersistent: false, authenticationMethod: EntraSsoSetup.Scheme);
        logger.LogInformation("User {UserId} signed in with Microsoft Entra ID", outcome.User.Id);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
