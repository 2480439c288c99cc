using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Activities.Campaigns;

/// <summary>One campaign: edit its name and steps, see who is in it (keyset-paginated), archive or restore it.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class SalesCampaignModel(SalesCampaigns campaigns, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public CampaignForm Form { get; set; } = new();

    /// <summary>The cursor of the page of members to show (added before it); the newest when absent.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public SalesCampaign Campaign { get; private set; } = null!;

    public CampaignMembersPage Members { get; private set; } = new([], null);

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid campaignId, CancellationToken ct)
    {
        if (!await LoadAsync(campaignId, ct))
        {
            return NotFound();
        }

        Form = CampaignForm.Of(Campaign);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid campaignId, CancellationToken ct)
    {
        var (found, refusal) = await campaigns.SaveAsync(campaignId, Form.ToInput(), ct);
        if (!found)
        {
            return NotFound();
        }

        if (refusal is not null)
        {
            // Nothing was written: the form comes back as typed, with the reason.
            await LoadAsync(campaignId, ct);
            Error = localizer[refusal.Key, refusal.Args];
            Form.WithBlankRows();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        this.Notify("The campaign was saved. People already in it keep their place; the steps shown for them follow the new days.");
        return RedirectToPage(new { campaignId });
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid campaignId, CancellationToken ct)
    {
        if (!await campaigns.SetArchivedAsync(campaignId, archived: true, ct))
        {
            return NotFound();
        }

        this.Notify("The campaign was archived. Reps can no longer add people to it.");
        return RedirectToPage(new { campaignId });
    }

    public async Task<IActionResult> OnPostRestoreAsync(Guid campaignId, CancellationToken ct)
    {
        if (!await campaigns.SetArchivedAsync(campaignId, archived: false, ct))
        {
            return NotFound();
        }

        this.Notify("The campaign was restored. Reps can add people to it again.");
        return RedirectToPage(new { campaignId });
    }

    private async Task<bool> LoadAsync(Guid campaignId, CancellationToken ct)
    {
        if (await campaigns.FindAsync(campaignId, ct) is not { } campaign)
        {
            return false;
        }

        Campaign = campaign;
        Members = await campaigns.MembersPageAsync(campaign, After, ct);
        return true;
    }
}
