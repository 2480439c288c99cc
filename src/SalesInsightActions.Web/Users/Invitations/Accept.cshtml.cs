using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Accounts;

namespace SalesInsightActions.Web.Users.Invitations;

public sealed class AcceptModel(InvitationAcceptance acceptance, SignInManager<AppUser> signIn) : PageModel
{
    public InvitationLookup Invitation { get; private set; } = InvitationLookup.NotFound;
    public string? Token { get; private set; }
    public IReadOnlyList<string> ErrorKeys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct)
    {
        Token = token;
        Invitation = await acceptance.FindAsync(token, ct);
        return StatusForState();
    }

    public async Task<IActionResult> OnPostAsync(string? token, string? password, string? confirmPassword, CancellationToken ct)
    {
        Token = token;
        Invitation = await acceptance.FindAsync(token, ct);
        if (Invitation.State != InvitationState.Valid || Invitation.LoginManagement != LoginManagement.AllLoginMethods)
        {
            return StatusForState();
        }

        if (string.IsNullOrEmpty(password) || password != confirmPassword)
        {
            ErrorKeys = ["The two passwords are not the same. Type the same password twice."];
            return Page();
        }

        var result = await acceptance.AcceptWithPasswordAsync(token!, password, ct);
        if (!result.Succeeded)
        {
            if (result.State != InvitationState.Valid)
            {
                Invitation = Invitation with { State = result.State };
                return StatusForState();
            }

            ErrorKeys = [.. result.PasswordErrors.Select(PasswordErrorKey).Distinct()];
            return Page();
        }

        await signIn.SignInAsync(result.User!, isPersistent: false);
        return LocalRedirect("/");
    }

    // Identity's own messages are English only; ours are localized and say how to fix it.
    internal static string PasswordErrorKey(string code) => code switch
    {
        "PasswordTooShort" => "The password needs at least 12 characters.",
        "PasswordRequiresDigit" => "The password needs at least one digit (0-9).",
        "PasswordRequiresLower" => "The password needs at least one lower-case letter.",
        "PasswordRequiresUpper" => "The password needs at least one upper-case letter.",
        "DuplicateEmail" or "DuplicateUserName" => "This email address already has a sign-in. Sign in instead, or ask an admin for help.",
        _ => "The password could not be set. Choose a different password and try again.",
    };

    private IActionResult StatusForState()
    {
        if (Invitation.State is InvitationState.NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        else if (Invitation.State is InvitationState.Expired or InvitationState.Revoked)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
        }

        return Page();
    }
}
