using System.Globalization;
using CsvHelper;

namespace SalesInsightActions.Web.Users;

/// <summary>Members as CSV, safe to open in a spreadsheet.</summary>
public static class MemberCsvExport
{
    private static readonly string[] Header = ["email", "first name", "last name", "role", "status", "teams", "invited at (UTC)", "activated at (UTC)"];

    public static async Task WriteAsync(Stream output, IEnumerable<MemberRow> members, Func<MemberRow, string> statusText, Func<MemberRole, string> roleText, CancellationToken ct = default)
    {
        var options = new CsvWriterOptions
        {
            // A cell starting with = + - @ tab or CR gets a leading ' so a spreadsheet shows it as text instead of running it.
            Injection = CsvInjection.Escape,
            // Excel needs the BOM to read non-English names as UTF-8.
            WriteByteOrderMark = true,
        };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        await csv.WriteRecordAsync(Header, ct);
        foreach (var m in members)
        {
            await csv.WriteRecordAsync(
            [
                m.Email,
                m.FirstName ?? "",
                m.LastName ?? "",
                roleText(m.Role),
                statusText(m),
                string.Join("; ", m.Teams),
                m.InvitedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                m.ActivatedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
            ], ct);
        }

        await csv.FlushAsync(ct);
    }
}
