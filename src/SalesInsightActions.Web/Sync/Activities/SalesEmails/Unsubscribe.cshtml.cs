using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

/// <summary>
/// The footer link of a sales email: GET only shows what would happen (link scanners fetch links; a GET must never
/// unsubscribe anyone), the button POSTs. The token in the address is the credential.
/// </summary>
[AllowAnonymous]
public sealed class UnsubscribeModel(EmailOptOuts optOuts) : PageModel
{
    public UnsubscribeView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (await optOuts.FindAsync(token, ct) is not { } view)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        switch (await optOuts.UnsubscribeAsync(token, EmailOptOutSource.Link, ct))
        {
            case UnsubscribeResult.UnknownLink:
                return NotFound();
            case UnsubscribeResult.Unsubscribed:
                this.Notify("You are unsubscribed. You will receive no more sales emails from us.");
                break;
            case UnsubscribeResult.AlreadyUnsubscribed:
                this.NotifyInfo("You were already unsubscribed. You will receive no more sales emails from us.");
                break;
        }

        return RedirectToPage(new { token });
    }
}
