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
public sealed class CsvReviewModel(AppDbContext db, InvitationService invitations, TimeProvider clock, ILogger<CsvReviewModel> logger) : PageModel
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

        // Claim the import first: of two Invite clicks (two tabs, a double submit) only one goes on.
        var claimedAt = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.CsvImports
            .Where(i => i.Id == id && i.Status == CsvImportStatus.Uploaded)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Invited).SetProperty(i => i.InvitedAt, claimedAt), ct);
        if (claimed == 0)
        {
            return done;
        }

        InviteResult result;
        try
        {
            result = await invitations.InviteAsync(requests, InvitationLinks.For(Request), User.MemberId(), ct);
        }
        catch
        {
            // Nothing was written (the invite is one transaction): let the admin try again.
            await db.CsvImports.Where(i => i.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Uploaded).SetProperty(i => i.InvitedAt, (DateTime?)null), CancellationToken.None);
            throw;
        }

        await db.CsvImports.Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.InvitedCount, result.InvitedCount).SetProperty(i => i.SkippedCount, result.SkippedCount), CancellationToken.None);
        logger.LogInformation("CSV import {CsvImportId} invited {InvitedCount} people and skipped {SkippedCount} rows", id, result.InvitedCount, result.SkippedCount);
        return done;
    }
}
