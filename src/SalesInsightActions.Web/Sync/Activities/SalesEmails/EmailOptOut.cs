using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

public enum EmailOptOutSource
{
    /// <summary>The mail client's one-click unsubscribe (RFC 8058 List-Unsubscribe-Post).</summary>
    OneClick,

    /// <summary>The unsubscribe link in the email's footer, confirmed on our page.</summary>
    Link,
}

/// <summary>
/// A person who unsubscribed from sales emails: the local opt-out (no sales email is sent to them again) and, in the
/// same row, the pending write of Email Opt Out (HasOptedOutOfEmail) to their Salesforce contact or lead. Stored first,
/// in the transaction of the unsubscribe, then written at once by <see cref="EmailOptOutWriter"/>; retried while
/// Salesforce is unreachable, listed on Salesforce Diagnostics when it fails for a reason retrying cannot fix.
/// </summary>
public sealed class EmailOptOut : IAccountOwned
{
    public const int ReasonLength = ActivityWrite.ReasonLength;

    public Guid SalesAccountId { get; set; }
    public long PersonMarketoId { get; set; }

    /// <summary>The address the email went to: what Salesforce is matched on when the person has no Salesforce id.</summary>
    public string Email { get; set; } = "";

    /// <summary>The sales email whose link or header was used.</summary>
    public Guid SalesEmailId { get; set; }

    public EmailOptOutSource Source { get; set; }
    public DateTime OptedOutAt { get; set; }

    /// <summary>Where the Salesforce write stands (Pending, Written, Failed or Skipped).</summary>
    public ActivityWriteState SalesforceState { get; set; }

    /// <summary>The contact or lead that was marked.</summary>
    public string? SalesforceId { get; set; }

    /// <summary>A SharedResource key, its one placeholder (if any) being <see cref="ReasonDetail"/>.</summary>
    public string? Reason { get; set; }

    public string? ReasonDetail { get; set; }
    public int Attempts { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? WrittenAt { get; set; }
}

internal sealed class EmailOptOutConfiguration : IEntityTypeConfiguration<EmailOptOut>
{
    public void Configure(EntityTypeBuilder<EmailOptOut> builder)
    {
        builder.ToTable("email_opt_outs");
        builder.HasKey(o => new { o.SalesAccountId, o.PersonMarketoId });
        builder.Property(o => o.Email).HasMaxLength(320);
        builder.Property(o => o.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.SalesforceState).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.SalesforceId).HasMaxLength(18);
        builder.Property(o => o.Reason).HasMaxLength(EmailOptOut.ReasonLength);
        builder.Property(o => o.ReasonDetail).HasMaxLength(EmailOptOut.ReasonLength);
        builder.HasIndex(o => new { o.SalesAccountId, o.SalesforceState });
    }
}
