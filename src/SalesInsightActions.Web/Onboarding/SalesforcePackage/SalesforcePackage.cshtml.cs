using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Onboarding.SalesforcePackage;

/// <summary>Steps 6–7: the Salesforce package checklist, verified live, with Re-check.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class SalesforcePackageModel(SalesforcePackageChecker checker) : PageModel
{
    public SalesforcePackageCheck? Check { get; private set; }

    public bool Connected { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Connected = await checker.IsConnectedAsync(ct);
        Check = await checker.LatestAsync(ct);
    }

    public async Task<IActionResult> OnPostRecheckAsync(CancellationToken ct)
    {
        var check = await checker.CheckAsync(User.MemberId(), User.Identity?.Name, ct);
        if (check is null)
        {
            this.NotifyError("Connect the Sales account to Salesforce first: Settings → Admin Settings → Salesforce → Connections & Customizations → Connect.");
        }
        else if (check.Items.Any(i => i.Item == PackageCheckItem.AppAccess && i.Status == PackageCheckItemStatus.Failed))
        {
            this.NotifyError("Salesforce no longer accepts the Sales account's connection. Reconnect on the Connections & Customizations tab.");
        }
        else if (check.Configured)
        {
            this.Notify("Every item of the Salesforce package checklist passed.");
        }
        else
        {
            this.NotifyInfo("Some items need fixing in Salesforce. Each one says how; press Re-check when done.");
        }

        return RedirectToPage();
    }
}
