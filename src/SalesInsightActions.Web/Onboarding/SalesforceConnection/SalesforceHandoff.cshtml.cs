using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;

namespace SalesInsightActions.Web.Onboarding.SalesforceConnection;

/// <summary>A hand-off link, opened by a Salesforce admin who need not be a member: what will happen, then Salesforce.</summary>
[AllowAnonymous]
public sealed class SalesforceHandoffModel(SalesforceAccountConnections connections) : PageModel
{
    public HandoffLinkView Link { get; private set; } = new(HandoffLinkState.Unknown, null, false, null);

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        Link = await connections.FindHandoffAsync(token, ct);
        if (Link.State != HandoffLinkState.Valid)
        {
            Response.StatusCode = Link.State == HandoffLinkState.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        }
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var authorize = await connections.StartHandoffAsync(HttpContext, token, ct);
        if (authorize is null)
        {
            this.NotifyError("This hand-off link was used, revoked or has expired, so nothing was connected. Ask an admin of the Sales account for a new link.");
            return RedirectToPage(new { token });
        }

        return Redirect(authorize.ToString());
    }
}
