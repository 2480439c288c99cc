namespace SalesInsightActions.Web.Email;

/// <summary>
/// Sandbox delivery: nothing leaves the machine. The dispatcher marks the message Sent and the
/// dev mailbox page (/dev/mailbox) shows Sent messages.
/// </summary>
public sealed class DevMailboxTransport(ILogger<DevMailboxTransport> logger) : IMailTransport
{
    public Task SendAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        logger.LogInformation("Delivered outbox email {OutboxEmailId} to the dev mailbox", email.Id);
        return Task.CompletedTask;
    }
}
