namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>An uploaded CSV, decoded and split: what was detected about it, its header and its data rows.</summary>
/// <param name="EncodingName">"UTF-8", "UTF-8 with BOM", "UTF-16 LE" or "UTF-16 BE", for display.</param>
/// <param name="Rows">Data rows (header excluded, empty lines skipped), each as its trimmed field values.</param>
public sealed record CsvInviteDocument(string EncodingName, char Delimiter, IReadOnlyList<string> Headers, IReadOnlyList<string[]> Rows);

/// <summary>Either a document or a clear, localizable reason why the file cannot be used.</summary>
public sealed record CsvReadResult(CsvInviteDocument? Document, string? ErrorKey, object[] ErrorArgs)
{
    public bool Succeeded => Document is not null;

    public static CsvReadResult Ok(CsvInviteDocument document) => new(document, null, []);

    public static CsvReadResult Error(string key, params object[] args) => new(null, key, args);
}
