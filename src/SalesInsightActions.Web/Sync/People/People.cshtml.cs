using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.People;

[Authorize(Policy = Policies.AccountMember)]
public sealed class PeopleModel(PeopleDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PeoplePage Results { get; private set; } = new([], 1, false);

    public async Task OnGetAsync(CancellationToken ct) => Results = await directory.SearchAsync(Search, PageNumber, ct);
}
