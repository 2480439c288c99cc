using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Onboarding.FieldSync;

/// <summary>Action Field Sync (step 4): what will sync and roughly how many people, before Start Sync.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class FieldSyncModel(FieldSyncPreviewService preview, SyncStartService sync) : PageModel
{
    public FieldSyncPreview Preview { get; private set; } = FieldSyncPreview.Failed("");
    public bool Started { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Started = await sync.IsStartedAsync(ct);
        Preview = await preview.BuildAsync(ct);
    }
}
