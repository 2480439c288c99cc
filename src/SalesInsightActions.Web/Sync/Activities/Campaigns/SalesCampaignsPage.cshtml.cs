using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Activities.Campaigns;

/// <summary>Settings → Admin Settings → Sales campaigns: the account's campaigns, and a new one.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class SalesCampaignsModel(SalesCampaigns campaigns, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public CampaignForm Form { get; set; } = CampaignForm.Empty();

    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Campaigns = await campaigns.ListAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var (id, refusal) = await campaigns.CreateAsync(Form.ToInput(), ct);
        if (refusal is not null)
        {
            // Nothing was written: the form comes back as typed, with the reason.
            Error = localizer[refusal.Key, refusal.Args];
            Form.WithBlankRows();
            Campaigns = await campaigns.ListAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        this.Notify("The campaign \"{0}\" was created. Reps can now add people to it on their pages.", Form.Name!.Trim());
        return RedirectToPage("/Sync/Activities/Campaigns/SalesCampaignPage", new { campaignId = id });
    }
}
