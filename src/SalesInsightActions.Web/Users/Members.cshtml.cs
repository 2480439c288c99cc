using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.Invitations;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users;

[Authorize(Policy = Policies.AccountAdmin)]
public sealed class MembersModel(MemberDirectory directory, MemberAdministration administration, InvitationService invitations, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public MemberListFilter Filter { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    /// <summary>The page to show: members after this (normalized) email; the first page when empty.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public string? NextAfter { get; private set; }

    public SeatUsage Seats { get; private set; } = new(0, 0);
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Seats = await directory.SeatsAsync(ct);
        (Members, NextAfter) = await directory.PageAsync(Filter, Search, After, ct);
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var members = await directory.ListAsync(Filter, Search, ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"members.csv\"";
        await MemberCsvExport.WriteAsync(Response.Body, members, m => localizer[m.Status.Key()], r => localizer[r.Key()], ct);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostResendAsync(Guid memberId, CancellationToken ct) =>
        Done(await invitations.ResendAsync(memberId, InvitationLinks.For(Request), User.MemberId(), ct) ? MemberChangeRefusal.None : MemberChangeRefusal.NotInvited,
            "A new invitation is on its way. Earlier links no longer work.");

    // Nullable, and null when the value did not bind: an absent or unknown role must not become the default (standard user).
    public async Task<IActionResult> OnPostRoleAsync(Guid memberId, MemberRole? role, CancellationToken ct) =>
        Done(await administration.SetRoleAsync(memberId, ModelState.IsValid ? role : null, ct), "The role was changed.");

    public async Task<IActionResult> OnPostReactivateAsync(Guid memberId, CancellationToken ct) =>
        Done(await administration.ReactivateAsync(memberId, ct), "The member was reactivated.");

    private RedirectToPageResult Done(MemberChangeRefusal refusal, string successKey)
    {
        if (refusal == MemberChangeRefusal.None)
        {
            this.Notify(successKey);
        }
        else
        {
            this.NotifyError(refusal.MessageKey());
        }

        return RedirectToPage(new { filter = Filter, q = Search });
    }
}
