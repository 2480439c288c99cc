namespace SalesInsightActions.Web.Email;

/// <summary>Hands one outbox message to whatever delivers mail. Throws on failure; the dispatcher decides about retries.</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxEmail email, CancellationToken cancellationToken);
}

/// <summary>The mail server refused the message for good (e.g. the recipient does not exist): retrying cannot help.</summary>
public sealed class PermanentMailFailureException(string message, Exception? inner = null) : Exception(message, inner);
