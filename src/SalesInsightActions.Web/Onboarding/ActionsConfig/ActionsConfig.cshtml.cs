using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Web.Onboarding.ActionsConfig;

/// <summary>Step 1: Admin → Sales Insight → Actions Config. Open without signing in; the API credentials are the proof.</summary>
[AllowAnonymous]
public sealed class ActionsConfigModel(ActionsConfigService service, ActionsConfigAccess access, DevMailboxAccess mailbox, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public ActionsConfigInput Input { get; set; } = new();

    public ActionsConfigView? View { get; private set; }

    public async Task OnGetAsync(string? munchkinId, CancellationToken ct)
    {
        Input = service.SandboxCredentials() ?? new ActionsConfigInput();
        if (!string.IsNullOrWhiteSpace(munchkinId))
        {
            Input.MunchkinId = ActionsConfigService.Normalize(munchkinId);
        }

        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        var munchkinId = ActionsConfigService.Normalize(Input.MunchkinId).ToUpperInvariant();
        if (ModelState.IsValid && !ActionsConfigService.LooksLikeMunchkinId(munchkinId))
        {
            ModelState.AddModelError("Input.MunchkinId", localizer["A Munchkin ID looks like 123-ABC-456 (Marketo: Admin > Munchkin)."]);
        }

        if (!ModelState.IsValid)
        {
            // Nothing was written: show the form again with its errors.
            Input.ClientSecret = null;
            await LoadAsync(ct);
            return Page();
        }

        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var result = await service.VerifyAsync(munchkinId, Input.ClientId!, Input.ClientSecret!, address, Request, ct);
        if (result.Verified)
        {
            access.RememberVerified(HttpContext, result.AccountId!.Value);
            this.Notify(result.MessageKey, munchkinId);
            return RedirectToPage();
        }

        this.NotifyError(result.MessageKey, munchkinId, result.Detail);
        return RedirectToPage(new { munchkinId });
    }

    public async Task<IActionResult> OnPostInviteAsync(string[]? userIds, CancellationToken ct)
    {
        if (await access.ResolveAsync(HttpContext) is not { } visitor)
        {
            this.NotifyError("Your check of the API credentials has expired. Enter them again to continue.");
            return RedirectToPage();
        }

        var result = await service.SendInviteAsync(visitor, userIds ?? [], InvitationLinks.For(Request), ct);
        if (result.NothingSelected)
        {
            this.NotifyError("Tick at least one Marketo admin to invite.");
        }
        else if (result.Invited == 0)
        {
            this.NotifyInfo("Nobody new was invited: the ticked admins are already members or invited.");
        }
        else
        {
            // Sandbox only: this browser may then open the invitations it just sent in the dev mailbox.
            mailbox.RememberProvisioning(HttpContext, visitor.AccountId, result.InvitedEmails ?? []);
            this.Notify(InvitedNoticeKey(result.Invited, result.Skipped), result.Invited, result.Skipped);
        }

        return RedirectToPage();
    }

    /// <summary>One sentence per count (never "1 admins"); {0} is the number invited, {1} the number skipped.</summary>
    internal static string InvitedNoticeKey(int invited, int skipped) => (invited == 1, skipped > 0) switch
    {
        (true, false) => "Invited 1 admin; they will get an email with a Get Started link.",
        (true, true) => "Invited 1 admin; they will get an email with a Get Started link. Skipped {1} (already members or invited).",
        (false, false) => "Invited {0} admins; each will get an email with a Get Started link.",
        (false, true) => "Invited {0} admins; each will get an email with a Get Started link. Skipped {1} (already members or invited).",
    };

    /// <summary>Answers the reveal button's fetch, so the secret is never in the page source while masked.</summary>
    public async Task<IActionResult> OnPostRevealAsync(CancellationToken ct)
    {
        if (await access.ResolveAsync(HttpContext) is not { } visitor || await service.RevealSecretAsync(visitor, ct) is not { } secret)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new { secret });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (await access.ResolveAsync(HttpContext) is { } visitor)
        {
            View = await service.LoadAsync(visitor, ct);
        }
    }
}
