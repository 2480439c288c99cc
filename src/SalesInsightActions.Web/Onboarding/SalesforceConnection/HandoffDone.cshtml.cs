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
        // (TempData's serializer hands a Guid-shaped string back as a Guid.)
        Guid? id = TempData.Peek(SalesforceConnectCallbackModel.HandoffCheckKey) switch
        {
            Guid g => g,
            string s when Guid.TryParse(s, out var parsed) => parsed,
            _ => null,
        };
        if (id is not null)
        {
            Check = await checker.FindAnyAccountAsync(id.Value, ct);
        }
    }
}
