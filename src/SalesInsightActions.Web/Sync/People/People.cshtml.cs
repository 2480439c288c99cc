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

    /// <summary>The page to show: people after this Marketo id; the first page when absent.</summary>
    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

    public PeoplePage Results { get; private set; } = new([], null, null);

    public async Task OnGetAsync(CancellationToken ct) => Results = await directory.SearchAsync(Search, After, ct);
}
