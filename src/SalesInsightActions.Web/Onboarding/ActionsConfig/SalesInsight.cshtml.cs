using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SalesInsightActions.Web.Onboarding.ActionsConfig;

[AllowAnonymous]
public sealed class SalesInsightModel : PageModel
{
    public void OnGet()
    {
    }
}
