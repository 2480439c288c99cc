using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.Invitations;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users;

/// <summary>
/// Confirms a destructive change to a member (revoke the invitation, deactivate, delete), saying what happens to them
/// and to what they own, and asking who takes over the Marketo connection when they own it.
/// </summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class ConfirmMemberChangeModel(MemberAdministration administration, InvitationService invitations) : PageModel
{
    public static readonly string[] Changes = ["revoke", "deactivate", "delete"];

    [BindProperty(SupportsGet = true)]
    public Guid MemberId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Change { get; set; } = "";

    public MemberRemovalPlan Plan { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var plan = await administration.PlanRemovalAsync(MemberId, ct);
        if (plan is null || !Changes.Contains(Change))
        {
            this.NotifyError(MemberChangeRefusal.NotFound.MessageKey());
            return RedirectToPage("/Users/Members");
        }

        Plan = plan;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? handOverTo, CancellationToken ct)
    {
        var (refusal, successKey) = Change switch
        {
            "revoke" => (await invitations.RevokeAsync(MemberId, ct) ? MemberChangeRefusal.None : MemberChangeRefusal.NotInvited,
                "The invitation was revoked and its seat freed."),
            "deactivate" => (await administration.DeactivateAsync(MemberId, handOverTo, ct), "The member was deactivated and their seat freed."),
            "delete" => (await administration.DeleteAsync(MemberId, handOverTo, ct), "The member was deleted."),
            _ => (MemberChangeRefusal.NotFound, ""),
        };
        if (refusal is MemberChangeRefusal.HandOverRequired or MemberChangeRefusal.HandOverTargetInvalid)
        {
            this.NotifyError(refusal.MessageKey());
            return RedirectToPage(new { memberId = MemberId, change = Change });
        }

        if (refusal == MemberChangeRefusal.None)
        {
            this.Notify(successKey);
        }
        else
        {
            this.NotifyError(refusal.MessageKey());
        }

        return RedirectToPage("/Users/Members");
    }
}
