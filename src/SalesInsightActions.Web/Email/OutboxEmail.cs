using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesInsightActions.Web.Email;

public enum OutboxEmailState
{
    /// <summary>Waiting to be sent (again, after a failure, once <see cref="OutboxEmail.NextAttemptAt"/> has passed).</summary>
    Pending = 0,

    /// <summary>Handed to the mail server now: if the instance dies in this state the message may have left.</summary>
    Sending = 1,

    Sent = 2,

    /// <summary>Gave up after the last retry; shown to admins with the reason.</summary>
    Failed = 3,

    /// <summary>
    /// The instance that was sending it stopped before recording the outcome. It is not sent again
    /// automatically, because it may already have been delivered; an admin can resend.
    /// </summary>
    DeliveryUncertain = 4,

    /// <summary>
    /// Claimed by one app instance in a batch, not yet handed to the mail server. If the lease expires
    /// in this state nothing can have left, so it simply goes back to the queue.
    /// </summary>
    Claimed = 5,
}

/// <summary>
/// A message written in the same transaction as the change that caused it, then delivered by the
/// outbox dispatcher: a mail server that is down delays mail but loses none. Global rather than
/// account-owned, because one dispatcher serves every account.
/// </summary>
public sealed class OutboxEmail
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid? SalesAccountId { get; set; }
    public required string ToAddress { get; set; }
    public string? ToName { get; set; }
    public required string Subject { get; set; }
    public required string HtmlBody { get; set; }
    public required string TextBody { get; set; }

    /// <summary>From someone other than the configured sender (a rep's sales email); the configured sender is then the Sender.</summary>
    public string? FromAddress { get; set; }

    /// <summary>The From display name, when not the configured one.</summary>
    public string? FromName { get; set; }

    /// <summary>Where replies go, when not to the From address.</summary>
    public string? ReplyToAddress { get; set; }

    /// <summary>
    /// The one-click unsubscribe address (RFC 8058) of a sales email, sealed like the bodies (it carries the email's
    /// token); sent as List-Unsubscribe with List-Unsubscribe-Post. Null for every other message.
    /// </summary>
    public string? ListUnsubscribe { get; set; }

    /// <summary>RFC 5322 Message-ID, fixed at creation so a retried delivery carries the same id.</summary>
    public required string MessageId { get; set; }

    public OutboxEmailState State { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("outbox_emails");
        builder.Property(e => e.ToAddress).HasMaxLength(320);
        builder.Property(e => e.ToName).HasMaxLength(200);
        builder.Property(e => e.FromAddress).HasMaxLength(320);
        builder.Property(e => e.FromName).HasMaxLength(200);
        builder.Property(e => e.ReplyToAddress).HasMaxLength(320);
        builder.Property(e => e.Subject).HasMaxLength(500);
        builder.Property(e => e.MessageId).HasMaxLength(200);
        builder.Property(e => e.LockedBy).HasMaxLength(200);
        builder.Property(e => e.LastError).HasMaxLength(2000);
        builder.Property(e => e.ListUnsubscribe).HasMaxLength(4000);
        builder.HasIndex(e => new { e.State, e.NextAttemptAt });
        builder.HasIndex(e => e.SalesAccountId);
    }
}
