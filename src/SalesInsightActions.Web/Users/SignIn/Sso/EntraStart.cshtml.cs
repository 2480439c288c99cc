using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Infrastructure.Web;

namespace SalesInsightActions.Web.Users.SignIn.Sso;

/// <summary>"Sign in with Microsoft": a POST from the sign-in page (antiforgery-checked) that challenges the Entra scheme.</summary>
public sealed class EntraStartModel(IAuthenticationSchemeProvider schemes, IOptionsMonitor<OpenIdConnectOptions> oidc, ILogger<EntraStartModel> logger) : PageModel
{
    /// <summary>A bookmarked or typed URL: the challenge needs the sign-in page's POST.</summary>
    public IActionResult OnGet() => LocalRedirect("/sign-in");

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        if (!await EntraSsoSetup.IsConfiguredAsync(schemes))
        {
            return NotFound();
        }

        // The challenge reads the issuer's metadata after this method returns, where a failure could only be a 500:
        // read it (cached) here, so an unreachable issuer gets a sentence on the sign-in page instead.
        try
        {
            if (oidc.Get(EntraSsoSetup.Scheme).ConfigurationManager is { } configuration)
            {
                await configuration.GetConfigurationAsync(HttpContext.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The Microsoft Entra ID issuer's metadata could not be read");
            this.NotifyError("Microsoft sign-in cannot be reached right now. Try again in a few minutes, or sign in with your password or with Salesforce.");
            return RedirectToPage("/Users/SignIn/SignIn", new { returnUrl });
        }

        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        var properties = new AuthenticationProperties
        {
            RedirectUri = QueryHelpers.AddQueryString(EntraCompleteModel.Path, "returnUrl", back),
        };
        // Marks the external cookie as ours, so the completion page ignores another provider's leftovers.
        properties.Items["LoginProvider"] = EntraSsoSetup.Scheme;
        return Challenge(properties, EntraSsoSetup.Scheme);
    }
}
