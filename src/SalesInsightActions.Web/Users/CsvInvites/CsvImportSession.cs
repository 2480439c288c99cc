using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>An uploaded import of the current account, read back from the database with its document and mapping.</summary>
public sealed record CsvImportSession(CsvImport Import, CsvReadResult Read, CsvColumnMapping? Mapping)
{
    public CsvInviteDocument? Document => Read.Document;

    /// <summary>The rows as invite requests, once the file reads and the mapping is confirmed and valid for it.</summary>
    public IReadOnlyList<InviteRequest>? Requests =>
        Document is { } document && Mapping is { } mapping && mapping.Validate(document.Headers.Count) is null
            ? CsvColumnMapper.ToRequests(document, mapping)
            : null;

    /// <summary>Null when the import does not exist in the current account (the query filter hides other accounts' imports).</summary>
    public static async Task<CsvImportSession?> LoadAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var import = await db.CsvImports.FirstOrDefaultAsync(i => i.Id == id, ct);
        return import is null ? null : new CsvImportSession(import, CsvInviteReader.Read(import.Content), CsvColumnMapping.FromJson(import.MappingJson));
    }
}
