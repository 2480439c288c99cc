using System.Net.Mail;
using System.Text.RegularExpressions;

namespace SalesInsightActions.Web.Users;

/// <summary>The one place that decides what counts as an email address a person can be invited with.</summary>
public static partial class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>Trimmed address if it is a plain, deliverable-looking address (no display name, a dotted domain); otherwise null.</summary>
    public static string? Normalize(string? input)
    {
        var trimmed = input?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || !Shape().IsMatch(trimmed))
        {
            return null;
        }

        return MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed && string.IsNullOrEmpty(parsed.DisplayName)
            ? trimmed
            : null;
    }

    public static string Key(string email) => email.Trim().ToUpperInvariant();

    // local@domain.tld: no spaces, one @, a dot in the domain, no leading/trailing dot or hyphen in labels.
    [GeneratedRegex(@"^[^\s@""(),:;<>\[\]\\]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
