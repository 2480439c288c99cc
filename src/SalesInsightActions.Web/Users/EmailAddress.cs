using System.Net.Mail;
using System.Text.RegularExpressions;

namespace SalesInsightActions.Web.Users;

public enum EmailProblem
{
    None,
    Malformed,
    HiddenCharacters,
    LocalPartTooLong,
}

/// <summary>The one place that decides what counts as an email address a person can be invited with.</summary>
public static partial class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>RFC 5321 §4.5.3.1.1: the local part (before @) is at most 64 octets.</summary>
    public const int LocalPartMaxLength = 64;

    /// <summary>Trimmed address if it is a plain, deliverable-looking address (no display name, a dotted domain); otherwise null.</summary>
    public static string? Normalize(string? input) => Check(input) == EmailProblem.None ? input!.Trim() : null;

    /// <summary>Why <paramref name="input"/> cannot be used as an address to invite, or <see cref="EmailProblem.None"/>.</summary>
    public static EmailProblem Check(string? input)
    {
        var trimmed = input?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return EmailProblem.Malformed;
        }

        // Before the shape check, so the admin hears that something invisible is in the way, not just "not valid".
        if (!InputText.IsClean(trimmed))
        {
            return EmailProblem.HiddenCharacters;
        }

        var at = trimmed.LastIndexOf('@');
        if (at > 0 && System.Text.Encoding.UTF8.GetByteCount(trimmed.AsSpan(0, at)) > LocalPartMaxLength)
        {
            return EmailProblem.LocalPartTooLong;
        }

        if (trimmed.Length > MaxLength || !Shape().IsMatch(trimmed))
        {
            return EmailProblem.Malformed;
        }

        return MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed && string.IsNullOrEmpty(parsed.DisplayName)
            ? EmailProblem.None
            : EmailProblem.Malformed;
    }

    public static string Key(string email) => email.Trim().ToUpperInvariant();

    // local@domain.tld: no spaces, one @, a dot in the domain, no leading/trailing dot or hyphen in labels.
    [GeneratedRegex(@"^[^\s@""(),:;<>\[\]\\]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
