using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
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

    public SeatUsage Seats { get; private set; } = new(0, 0);
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public IReadOnlyList<MemberRow> ActiveMembers { get; private set; } = [];

    [TempData]
    public string? MessageKey { get; set; }

    [TempData]
    public bool IsError { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Seats = await directory.SeatsAsync(ct);
        Members = await directory.ListAsync(Filter, Search, ct);
        ActiveMembers = await directory.ListAsync(MemberListFilter.Active, null, ct);
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

    public async Task<IActionResult> OnPostRevokeAsync(Guid memberId, CancellationToken ct) =>
        Done(await invitations.RevokeAsync(memberId, ct) ? MemberChangeRefusal.None : MemberChangeRefusal.NotInvited,
            "The invitation was revoked and its seat freed.");

    public async Task<IActionResult> OnPostRoleAsync(Guid memberId, MemberRole role, CancellationToken ct) =>
        Done(await administration.SetRoleAsync(memberId, role, ct), "The role was changed.");

    public async Task<IActionResult> OnPostDeactivateAsync(Guid memberId, CancellationToken ct) =>
        Done(await administration.DeactivateAsync(memberId, ct), "The member was deactivated and their seat freed.");

    public async Task<IActionResult> OnPostReactivateAsync(Guid memberId, CancellationToken ct) =>
        Done(await administration.ReactivateAsync(memberId, ct), "The member was reactivated.");

    public async Task<IActionResult> OnPostDeleteAsync(Guid memberId, Guid? handOverTo, CancellationToken ct) =>
        Done(await administration.DeleteAsync(memberId, handOverTo, ct), "The member was deleted.");

    private RedirectToPageResult Done(MemberChangeRefusal refusal, string successKey)
    {
        IsError = refusal != MemberChangeRefusal.None;
        MessageKey = IsError ? refusal.MessageKey() : successKey;
        return RedirectToPage(new { filter = Filter, q = Search });
    }
}
