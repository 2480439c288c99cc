using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.Invitations;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>The confirmation after Invite: how many were invited and which rows were skipped, and why.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class CsvDoneModel(AppDbContext db, InvitationService invitations) : PageModel
{
    public CsvImport Import { get; private set; } = null!;
    public CsvVerdictPage Skipped { get; private set; } = CsvVerdictPage.Of([], 1);

    public async Task<IActionResult> OnGetAsync(Guid id, int p = 1, CancellationToken ct = default)
    {
        var session = await CsvImportSession.LoadAsync(db, id, ct);
        if (session is null)
        {
            return NotFound();
        }

        if (session.Import.Status != CsvImportStatus.Invited)
        {
            return RedirectToPage("/Users/CsvInvites/Review", new { id });
        }

        Import = session.Import;
        if (session.Requests is { } requests)
        {
            Skipped = CsvVerdictPage.Of(await SkippedAtInviteAsync(requests, session.Import.InvitedAt!.Value, ct), p);
        }

        return Page();
    }

    /// <summary>
    /// The per-row verdicts are not stored (csv_imports has no column for them), so they are planned
    /// again: a row that is now "already a member" because this import invited them was not skipped.
    /// Other reasons are as of now, which can differ from invite time if seats or teams changed since.
    /// </summary>
    private async Task<List<InviteVerdict>> SkippedAtInviteAsync(IReadOnlyList<InviteRequest> requests, DateTime invitedAt, CancellationToken ct)
    {
        var plan = await invitations.PlanAsync(requests, ct);
        var memberKeys = plan.Verdicts.Where(v => v.Reason == InviteSkipReason.AlreadyMemberOfThisAccount).Select(v => v.NormalizedEmail).Distinct().ToList();
        var invitedByThisImport = (await db.Members
            .Where(m => memberKeys.Contains(m.NormalizedEmail) && m.InvitedAt >= invitedAt)
            .Select(m => m.NormalizedEmail)
            .ToListAsync(ct)).ToHashSet();
        var firstRowOf = new Dictionary<string, int>();
        foreach (var v in plan.Verdicts)
        {
            firstRowOf.TryAdd(v.NormalizedEmail, v.Request.SourceRow);
        }

        return [.. plan.Verdicts.Where(v => !v.WillInvite
            && !(v.Reason == InviteSkipReason.AlreadyMemberOfThisAccount && invitedByThisImport.Contains(v.NormalizedEmail) && firstRowOf[v.NormalizedEmail] == v.Request.SourceRow))];
    }
}
