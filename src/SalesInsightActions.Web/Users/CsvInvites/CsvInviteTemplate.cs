using System.Text;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>The published invite CSV: our column list (the real product publishes none) with one example row.</summary>
public static class CsvInviteTemplate
{
    public const string FileName = "invite-users-template.csv";

    public static readonly string[] Headers = ["email", "first name", "last name", "team", "role"];

    /// <summary>UTF-8 with BOM, so Excel shows non-English names correctly when the admin fills it in.</summary>
    public static byte[] Bytes()
    {
        var text = string.Join(',', Headers) + "\r\n" + "ana.silva@example.com,Ana,Silva,Sales East,standard user\r\n";
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }
}
