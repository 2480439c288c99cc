using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Onboarding.SalesforcePackage;

namespace SalesInsightActions.Web.Onboarding.SalesforceConnection;

/// <summary>After a hand-off: done, and the package checklist made right after connecting (the hand-off user is not signed in).</summary>
[AllowAnonymous]
public sealed class HandoffDoneModel(SalesforcePackageChecker checker) : PageModel
{
    public SalesforcePackageCheck? Check { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Peek keeps it for a reload; the id came from this browser's own callback, never from the URL.
        if (Guid.TryParse(TempData.Peek(SalesforceConnectCallbackModel.HandoffCheckKey) as string, out var id))
        {
            Check = await checker.FindAnyAccountAsync(id, ct);
        }
    }
}
