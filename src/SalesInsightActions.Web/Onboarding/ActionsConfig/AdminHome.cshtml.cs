using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SalesInsightActions.Web.Onboarding.ActionsConfig;

/// <summary>The product's stand-in for Marketo's Admin area: open to anyone, as Marketo's own sign-in guards the real one.</summary>
[AllowAnonymous]
public sealed class AdminHomeModel : PageModel
{
    public void OnGet()
    {
    }
}
