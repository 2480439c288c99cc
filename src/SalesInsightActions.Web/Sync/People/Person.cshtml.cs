using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.People;

[Authorize(Policy = Policies.AccountMember)]
public sealed class PersonModel(PeopleDirectory directory) : PageModel
{
    public PersonDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long marketoId, CancellationToken ct)
    {
        if (await directory.DetailAsync(marketoId, ct) is not { } detail)
        {
            return NotFound();
        }

        Detail = detail;
        return Page();
    }
}
