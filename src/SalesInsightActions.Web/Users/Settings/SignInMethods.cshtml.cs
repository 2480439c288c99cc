using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Users.SignIn;
using SalesInsightActions.Web.Users.SignIn.Sso;

namespace SalesInsightActions.Web.Users.Settings;

/// <summary>A member's own sign-in methods: password, Salesforce, Microsoft.</summary>
[Authorize(Policy = Policies.AccountMember)]
public sealed class SignInMethodsModel(UserManager<AppUser> users) : PageModel
{
    public string Email { get; private set; } = "";
    public bool HasPassword { get; private set; }
    public bool HasSalesforce { get; private set; }
    public bool HasMicrosoft { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var logins = await users.GetLoginsAsync(user);
        Email = user.Email ?? "";
        HasPassword = await users.HasPasswordAsync(user);
        HasSalesforce = logins.Any(l => l.LoginProvider == SalesforceSignIn.LoginProvider);
        HasMicrosoft = logins.Any(l => l.LoginProvider == EntraMemberMatcher.LoginProvider);
        return Page();
    }
}
