using System.Text;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>
/// Guesses the column of each field from the header names (English and Chinese, ignoring case,
/// spaces and punctuation) and turns mapped rows into invite requests.
/// </summary>
public static class CsvColumnMapper
{
    private static readonly Dictionary<CsvInviteField, string[]> Synonyms = new()
    {
        [CsvInviteField.Email] = ["email", "e-mail", "email address", "e-mail address", "mail", "邮箱", "邮箱地址", "电子邮件", "电子邮件地址", "电子邮箱"],
        [CsvInviteField.FirstName] = ["first name", "firstname", "given name", "forename", "名", "名字"],
        [CsvInviteField.LastName] = ["last name", "lastname", "surname", "family name", "姓", "姓氏"],
        [CsvInviteField.Team] = ["team", "team name", "团队", "团队名称"],
        [CsvInviteField.Role] = ["role", "user role", "角色", "用户角色"],
    };

    private static readonly Dictionary<string, CsvInviteField> FieldByKey = Synonyms
        .SelectMany(p => p.Value.Select(name => (Key: Normalize(name), Field: p.Key)))
        .DistinctBy(p => p.Key) // "email" and "e-mail" normalize alike
        .ToDictionary(p => p.Key, p => p.Field);

    public static CsvColumnMapping AutoMap(IReadOnlyList<string> headers)
    {
        var columns = new Dictionary<CsvInviteField, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (FieldByKey.TryGetValue(Normalize(headers[i]), out var field))
            {
                columns.TryAdd(field, i); // the first matching column wins
            }
        }

        return new CsvColumnMapping(columns);
    }

    /// <summary>Lower case, letters and digits only: "E-mail Address" and "email_address" both become "emailaddress".</summary>
    public static string Normalize(string header)
    {
        var builder = new StringBuilder(header.Length);
        foreach (var c in header)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>One request per data row; SourceRow is the 1-based data row (the header is row 0).</summary>
    public static List<InviteRequest> ToRequests(CsvInviteDocument document, CsvColumnMapping mapping)
    {
        var email = mapping.ColumnOf(CsvInviteField.Email) ?? throw new InvalidOperationException("The mapping has no email column.");
        var first = mapping.ColumnOf(CsvInviteField.FirstName);
        var last = mapping.ColumnOf(CsvInviteField.LastName);
        var team = mapping.ColumnOf(CsvInviteField.Team);
        var role = mapping.ColumnOf(CsvInviteField.Role);

        var requests = new List<InviteRequest>(document.Rows.Count);
        for (var i = 0; i < document.Rows.Count; i++)
        {
            var row = document.Rows[i];
            requests.Add(new InviteRequest(i + 1, Field(row, email) ?? "", Field(row, first), Field(row, last), Field(row, team), Field(row, role)));
        }

        return requests;
    }

    private static string? Field(string[] row, int? column) =>
        column is { } i && i < row.Length && !string.IsNullOrWhiteSpace(row[i]) ? row[i].Trim() : null;
}
