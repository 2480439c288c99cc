using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace SalesInsightActions.Web.Users.SignIn.Sso;

/// <summary>"Sign in with Microsoft": a POST from the sign-in page (antiforgery-checked) that challenges the Entra scheme.</summary>
public sealed class EntraStartModel(IAuthenticationSchemeProvider schemes) : PageModel
{
    /// <summary>A bookmarked or typed URL: the challenge needs the sign-in page's POST.</summary>
    public IActionResult OnGet() => LocalRedirect("/sign-in");

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        if (!await EntraSsoSetup.IsConfiguredAsync(schemes))
        {
            return NotFound();
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
