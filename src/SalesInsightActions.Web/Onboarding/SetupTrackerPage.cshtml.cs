using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Onboarding;

/// <summary>
/// The setup checklist for admins (and for anyone, in sandbox mode, before the first member exists). A signed-in
/// standard member has nothing to set up and is sent to their own landing page.
/// </summary>
public sealed class SetupTrackerPageModel(CurrentAccount currentAccount, SetupTracker tracker, IAuthorizationService authorization) : PageModel
{
    public CurrentAccountInfo? Account { get; private set; }
    public IReadOnlyList<SetupStep> Steps { get; private set; } = [];
    public bool SignedIn { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        SignedIn = User.Identity?.IsAuthenticated == true;
        if (SignedIn && !(await authorization.AuthorizeAsync(User, Policies.AccountAdmin)).Succeeded)
        {
            return RedirectToPage("/Home/MemberHomePage");
        }

        Account = await currentAccount.GetAsync(cancellationToken);
        if (Account is not null)
        {
            Steps = await tracker.GetStepsAsync(cancellationToken);
        }

        return Page();
    }
}
