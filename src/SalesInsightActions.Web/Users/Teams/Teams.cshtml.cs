using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users.Teams;

[Authorize(Policy = Policies.AccountAdmin)]
public sealed class TeamsModel(AppDbContext db, MemberAdministration administration) : PageModel
{
    public sealed record TeamRow(Guid Id, string Name, string? Description, bool IsEveryone, int MemberCount);

    public sealed record MemberOption(Guid Id, string Email);

    public IReadOnlyList<TeamRow> TeamList { get; private set; } = [];
    public IReadOnlyList<MemberOption> MemberList { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        TeamList = await db.Teams.OrderByDescending(t => t.IsEveryone).ThenBy(t => t.Name)
            .Select(t => new TeamRow(t.Id, t.Name, t.Description, t.IsEveryone, db.TeamMemberships.Count(tm => tm.TeamId == t.Id)))
            .ToListAsync(ct);
        MemberList = await db.Members.Where(m => m.Status != MemberStatus.Deactivated).OrderBy(m => m.NormalizedEmail)
            .Select(m => new MemberOption(m.Id, m.Email)).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? description, CancellationToken ct) =>
        Done(await administration.CreateTeamAsync(name, description, ct), "The team was created.");

    public async Task<IActionResult> OnPostAddAsync(Guid teamId, List<Guid> memberIds, CancellationToken ct) =>
        Done(await administration.AddToTeamAsync(teamId, memberIds, ct), "The members were added to the team.");

    public async Task<IActionResult> OnPostRemoveAsync(Guid teamId, List<Guid> memberIds, CancellationToken ct) =>
        Done(await administration.RemoveFromTeamAsync(teamId, memberIds, ct), "The members were removed from the team.");

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

        return RedirectToPage();
    }
}
