using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Home;

/// <summary>Where a standard member lands after signing in (admins land on the setup tracker).</summary>
[Authorize(Policy = Policies.AccountMember)]
public sealed class MemberHomePageModel(MemberHome home) : PageModel
{
    public MemberHomeView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var view = User.MemberId() is { } id ? await home.GetAsync(id, ct) : null;
        if (view is null)
        {
            return Challenge();
        }

        View = view;
        return Page();
    }
}
