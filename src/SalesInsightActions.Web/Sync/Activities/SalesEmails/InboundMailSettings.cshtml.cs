using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

/// <summary>Admin Settings → Reply and bounce webhook: the address and secret to give the mail provider; rotate the secret.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class InboundMailSettingsModel(InboundMailSecrets secrets, AccountScope scope) : PageModel
{
    public InboundMailSecretView Secret { get; private set; } = new(null, null);

    public string WebhookUrl { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Secret = await secrets.GetAsync(ct);
        WebhookUrl = $"{PublicAddress.Of(Request).AbsoluteUri.TrimEnd('/')}/webhooks/inbound-mail/{scope.AccountId}";
    }

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken ct)
    {
        await secrets.RotateAsync(ct);
        this.Notify("A new webhook secret was made. Enter it at your mail provider: the previous one no longer works.");
        return RedirectToPage();
    }
}
