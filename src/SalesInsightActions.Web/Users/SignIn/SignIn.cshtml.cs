using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users.SignIn;

public sealed class SignInModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AppDbContext db, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? ErrorKey { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>A hash to check unknown addresses against, so they cost as much time as known ones.</summary>
    private static readonly string DecoyHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString());

    public async Task<IActionResult> OnPostAsync()
    {
        // An address with control or invisible characters belongs to nobody (and a NUL would fail the lookup on PostgreSQL).
        var user = string.IsNullOrWhiteSpace(Email) || !InputText.IsClean(Email.Trim()) ? null : await users.FindByEmailAsync(Email.Trim());
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DecoyHash, Password ?? "");
        }

        var salesforceOnly = user?.SalesAccountId is { } accountId
            && await db.SalesAccounts.Where(a => a.Id == accountId).Select(a => a.LoginManagement).FirstOrDefaultAsync() == LoginManagement.SalesforceOnly;
        var result = user is null || string.IsNullOrEmpty(Password)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : salesforceOnly
            ? await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: true)
            : await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (salesforceOnly && result.Succeeded)
        {
            // Told only to someone who knows the password, so it reveals nothing about who has an account.
            ErrorKey = "Your Sales account signs in with Salesforce only. Use Sign in with Salesforce.";
            return Page();
        }

        if (result.Succeeded)
        {
            logger.LogInformation("Member {UserId} signed in with a password", user!.Id);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        // NotAllowed (not an active member) is checked before the password, so it is only told to someone who knows it.
        ErrorKey = result.IsLockedOut
            ? "Too many failed attempts. This sign-in is locked for 15 minutes."
            : result.IsNotAllowed && await users.CheckPasswordAsync(user!, Password!)
            ? "Your membership is not active. Ask an admin of your Sales account to reactivate you."
            : "The email or password is not right. Check them and try again.";
        return Page();
    }
}
