using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>Step 1 of Invite via CSV: choose the file. It is checked and stored, then the admin confirms the mapping.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
// Well above CsvImport.MaxFileBytes, so an oversized file still arrives and gets a clear sentence instead of a failed request.
[RequestFormLimits(MultipartBodyLengthLimit = UploadRequestLimitBytes)]
[RequestSizeLimit(UploadRequestLimitBytes)]
public sealed class CsvUploadModel(AppDbContext db, TimeProvider clock, ILogger<CsvUploadModel> logger) : PageModel
{
    public const long UploadRequestLimitBytes = 64L * 1024 * 1024;
    public const string ChooseFile = "Choose a CSV file to upload.";

    public string? ErrorKey { get; private set; }
    public object[] ErrorArgs { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null)
        {
            return Error(ChooseFile);
        }

        if (file.Length > CsvImport.MaxFileBytes)
        {
            return Error(CsvInviteReader.TooLarge, CsvImport.MaxFileBytes / (1024 * 1024));
        }

        byte[] content;
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await file.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }

        var read = CsvInviteReader.Read(content);
        if (!read.Succeeded)
        {
            return Error(read.ErrorKey!, read.ErrorArgs);
        }

        var import = new CsvImport
        {
            FileName = SafeFileName(file.FileName),
            Content = content,
            ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Status = CsvImportStatus.Uploaded,
            UploadedByMemberId = User.MemberId(),
            UploadedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CsvImports.Add(import);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Stored CSV import {CsvImportId} with {RowCount} rows ({Encoding}, delimiter {Delimiter})",
            import.Id, read.Document!.Rows.Count, read.Document.EncodingName, read.Document.Delimiter == '\t' ? "tab" : read.Document.Delimiter.ToString());
        return RedirectToPage("/Users/CsvInvites/Mapping", new { id = import.Id });
    }

    private PageResult Error(string key, params object[] args)
    {
        ErrorKey = key;
        ErrorArgs = args;
        return Page();
    }

    private static string SafeFileName(string? name)
    {
        // Only shown back to admins, so stripped rather than refused: a NUL would fail the insert on PostgreSQL, an override would disguise the name.
        var fileName = InputText.Strip(Path.GetFileName(name ?? "")).Trim();
        fileName = fileName.Length == 0 ? "upload.csv" : fileName;
        return fileName.Length <= 260 ? fileName : fileName[^260..];
    }
}
