using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Onboarding.FieldSync;

/// <summary>Start Sync's confirmation: lists each precondition that does not hold, starts when all do.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class StartSyncModel(SyncStartService sync) : PageModel
{
    public IReadOnlyList<SyncPrecondition> Failures { get; private set; } = [];
    public bool Started { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Started = await sync.IsStartedAsync(ct);
        Failures = Started ? [] : await sync.CheckAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await sync.StartAsync(User.MemberId(), ct);
        if (!result.Started)
        {
            this.NotifyError("The sync was not started. Fix what is listed below, then try again.");
            return RedirectToPage();
        }

        this.Notify("The data sync has started. Follow its progress on the Sync page ({0}).", "/sync");
        return RedirectToPage("/Onboarding/FieldSync/FieldSync");
    }
}
