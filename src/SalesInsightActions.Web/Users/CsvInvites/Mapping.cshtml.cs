using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>Step 2: confirm which column holds each field (guessed from the header names).</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class CsvMappingModel(AppDbContext db) : PageModel
{
    public const int PreviewRows = 5;

    /// <summary>Field -> 0-based column; -1 means "not in this file".</summary>
    [BindProperty]
    public Dictionary<CsvInviteField, int> Columns { get; set; } = [];

    public CsvImport Import { get; private set; } = null!;
    public CsvInviteDocument? Document { get; private set; }
    public DateTime? SameFileInvitedAt { get; private set; }
    public string? ErrorKey { get; private set; }
    public object[] ErrorArgs { get; private set; } = [];

    public static IReadOnlyList<(CsvInviteField Field, string LabelKey, bool Required)> Fields { get; } =
    [
        (CsvInviteField.Email, "Email", true),
        (CsvInviteField.FirstName, "First name", false),
        (CsvInviteField.LastName, "Last name", false),
        (CsvInviteField.Team, "Team", false),
        (CsvInviteField.Role, "Role", false),
    ];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
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

        await ShowAsync(session, ct);
        if (Document is not null)
        {
            var mapping = session.Mapping ?? CsvColumnMapper.AutoMap(Document.Headers);
            Columns = mapping.Columns.ToDictionary(p => p.Key, p => p.Value);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
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

        await ShowAsync(session, ct);
        if (Document is null)
        {
            return Page();
        }

        var mapping = new CsvColumnMapping(Columns.Where(p => p.Value >= 0 && Enum.IsDefined(p.Key)).ToDictionary(p => p.Key, p => p.Value));
        var error = ModelState.IsValid ? mapping.Validate(Document.Headers.Count) : CsvColumnMapping.UnknownColumn;
        if (error is not null)
        {
            ErrorKey = error;
            return Page();
        }

        session.Import.MappingJson = mapping.ToJson();
        await db.SaveChangesAsync(ct);
        return RedirectToPage("/Users/CsvInvites/Review", new { id });
    }

    private async Task ShowAsync(CsvImportSession session, CancellationToken ct)
    {
        Import = session.Import;
        Document = session.Document;
        if (!session.Read.Succeeded)
        {
            ErrorKey = session.Read.ErrorKey;
            ErrorArgs = session.Read.ErrorArgs;
        }

        // Re-uploading a file is harmless (people already invited are skipped), but worth saying.
        SameFileInvitedAt = await db.CsvImports
            .Where(i => i.ContentSha256 == session.Import.ContentSha256 && i.Id != session.Import.Id && i.Status == CsvImportStatus.Invited)
            .OrderByDescending(i => i.InvitedAt)
            .Select(i => i.InvitedAt)
            .FirstOrDefaultAsync(ct);
    }
}
