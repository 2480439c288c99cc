using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.Invitations;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>Step 3: the dry run — every row's verdict before anything is written or sent — then Invite.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class CsvReviewModel(AppDbContext db, InvitationService invitations, ILogger<CsvReviewModel> logger) : PageModel
{
    public CsvImport Import { get; private set; } = null!;
    public InvitePlan? Plan { get; private set; }
    public IReadOnlyList<CsvSkipGroup> SkipGroups { get; private set; } = [];
    public CsvVerdictPage Rows { get; private set; } = CsvVerdictPage.Of([], 1);
    public bool SkippedOnly { get; private set; }
    public string? ErrorKey { get; private set; }
    public object[] ErrorArgs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, int p = 1, bool skippedOnly = false, CancellationToken ct = default)
    {
        var session = await CsvImportSession.LoadAsync(db, id, ct);
        if (session is null)
        {
            return NotFound();
        }

        if (session.Import.Status == CsvImportStatus.Invited)
        {
            return RedirectToPage("/Users/CsvInvites/Done", new { id });
        }

        Import = session.Import;
        if (!session.Read.Succeeded)
        {
            ErrorKey = session.Read.ErrorKey;
            ErrorArgs = session.Read.ErrorArgs;
            return Page();
        }

        if (session.Requests is not { } requests)
        {
            return RedirectToPage("/Users/CsvInvites/Mapping", new { id });
        }

        Plan = await invitations.PlanAsync(requests, ct);
        SkipGroups = CsvSkipGroup.Of(Plan.Verdicts);
        SkippedOnly = skippedOnly;
        Rows = CsvVerdictPage.Of(skippedOnly ? [.. Plan.Verdicts.Where(v => !v.WillInvite)] : Plan.Verdicts, p);
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid id, CancellationToken ct)
    {
        var session = await CsvImportSession.LoadAsync(db, id, ct);
        if (session is null)
        {
            return NotFound();
        }

        var done = RedirectToPage("/Users/CsvInvites/Done", new { id });
        if (session.Import.Status == CsvImportStatus.Invited || session.Requests is not { } requests)
        {
            return session.Import.Status == CsvImportStatus.Invited ? done : RedirectToPage("/Users/CsvInvites/Review", new { id });
        }

        // The import is claimed (of two Invite clicks — two tabs, a double submit — only one goes on) and its counts recorded
        // in the invite's own transaction: a crash mid-commit leaves it Uploaded with nobody invited, never "Invited" with 0.
        var result = await invitations.InviteOnceAsync(requests, InvitationLinks.For(Request), User.MemberId(),
            async (now, token) => await db.CsvImports
                .Where(i => i.Id == id && i.Status == CsvImportStatus.Uploaded)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Invited).SetProperty(i => i.InvitedAt, now), token) == 1,
            (invited, token) => db.CsvImports.Where(i => i.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.InvitedCount, invited.InvitedCount).SetProperty(i => i.SkippedCount, invited.SkippedCount), token),
            ct);
        if (result is null)
        {
            return done;
        }

        logger.LogInformation("CSV import {CsvImportId} invited {InvitedCount} people and skipped {SkippedCount} rows", id, result.InvitedCount, result.SkippedCount);
        return done;
    }
}
