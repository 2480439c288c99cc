using CsvHelper;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>
/// Reads an uploaded invite CSV: size check, encoding and delimiter detection, then CsvHelper for
/// quoting (fields with commas, quotes and line breaks). Every problem comes back as a sentence
/// for the admin, never as an exception.
/// </summary>
public static class CsvInviteReader
{
    public const string EmptyFile = "The file is empty. Download the template, add one row per person and upload it again.";
    public const string TooLarge = "The file is larger than {0} MB. Split it into smaller files and upload them one at a time.";
    public const string NotText = "This file is not readable text in UTF-8 or UTF-16. In Excel, save it as \"CSV UTF-8 (Comma delimited)\" and upload it again.";
    public const string NoHeader = "The first row must name the columns, for example email, first name, last name, team, role.";
    public const string HeaderOnly = "The file has a header row but no people. Add one row per person below the header.";
    public const string BadQuotes = "Line {0} has a quote that is not closed or is in the wrong place. Fix the quotes on that line and upload the file again.";

    public static CsvReadResult Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return CsvReadResult.Error(EmptyFile);
        }

        if (bytes.Length > CsvImport.MaxFileBytes)
        {
            return CsvReadResult.Error(TooLarge, CsvImport.MaxFileBytes / (1024 * 1024));
        }

        if (!CsvTextDecoder.TryDecode(bytes, out var text, out var encodingName) || LooksBinary(text))
        {
            return CsvReadResult.Error(NotText);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return CsvReadResult.Error(EmptyFile);
        }

        var delimiter = CsvDelimiterDetector.Detect(text);
        var records = new List<string[]>();
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false, // the header is read as the first record, so odd or repeated names never throw
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            TrackLineNumbers = true,
        };
        try
        {
            using var reader = CsvReader.FromText(text, options);
            while (reader.Read())
            {
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = reader.GetString(i) ?? "";
                }

                records.Add(fields);
            }
        }
        catch (CsvFormatException e)
        {
            return CsvReadResult.Error(BadQuotes, e.LineNumber > 0 ? e.LineNumber : e.RecordNumber);
        }

        if (records.Count == 0 || records[0].All(string.IsNullOrWhiteSpace))
        {
            return records.Count == 0 ? CsvReadResult.Error(EmptyFile) : CsvReadResult.Error(NoHeader);
        }

        var rows = records.Skip(1).Where(r => !r.All(string.IsNullOrWhiteSpace)).ToList();
        if (rows.Count == 0)
        {
            return CsvReadResult.Error(HeaderOnly);
        }

        return CsvReadResult.Ok(new CsvInviteDocument(encodingName, delimiter, records[0], rows));
    }

    /// <summary>
    /// Many control characters mean a binary file (a spreadsheet, an image) that happened to decode. A few — a NUL pasted
    /// into one cell — do not: those rows are kept and get their own verdict when planned (see <see cref="Invitations.InvitationService"/>),
    /// so the rest of the file still works and neither database ever sees them.
    /// </summary>
    private static bool LooksBinary(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, 8192));
        var control = 0;
        foreach (var c in sample)
        {
            if (char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
            {
                control++;
            }
        }

        return control > Math.Max(2, sample.Length / 100);
    }
}
