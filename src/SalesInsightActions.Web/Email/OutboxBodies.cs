using SalesInsightActions.Web.Infrastructure.Security;

namespace SalesInsightActions.Web.Email;

/// <summary>
/// Outbox bodies are encrypted at rest: an invitation carries a link whose token lets anyone who reads it take the
/// invited seat (an admin's, for the first invite), so a database dump or backup must not show it (issue 10, secrets
/// at rest). Rows written before this are plain and still read as they are.
/// </summary>
public sealed class OutboxBodies(SecretProtector secrets)
{
    internal const string Prefix = "sealed:v1:";

    /// <summary>Encrypts both bodies of a message about to be stored.</summary>
    public OutboxEmail Seal(OutboxEmail email)
    {
        email.HtmlBody = Seal(email.HtmlBody);
        email.TextBody = Seal(email.TextBody);
        email.ListUnsubscribe = email.ListUnsubscribe is null ? null : Seal(email.ListUnsubscribe);
        return email;
    }

    /// <summary>The readable body of a stored message.</summary>
    public string Open(string stored) =>
        stored.StartsWith(Prefix, StringComparison.Ordinal) ? secrets.Unprotect(stored[Prefix.Length..]) : stored;

    private string Seal(string body) => body.StartsWith(Prefix, StringComparison.Ordinal) ? body : Prefix + secrets.Protect(body);
}
