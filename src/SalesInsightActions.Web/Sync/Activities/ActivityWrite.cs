using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

public enum ActivityDestination
{
    Marketo,
    Salesforce,
}

public enum ActivityWriteState
{
    /// <summary>Not written yet; the next run sends it.</summary>
    Pending,

    /// <summary>
    /// Sent, and the answer never came (timeout, dropped connection, crash): the vendor may or may not have it. The next
    /// run reads back what landed before sending anything again.
    /// </summary>
    Sending,

    Written,

    /// <summary>The vendor refused it for a reason retrying cannot fix (shown to people, with what to do).</summary>
    Failed,

    /// <summary>Deliberately not written (e.g. a call with no Salesforce match).</summary>
    Skipped,
}

/// <summary>
/// Where one activity stands at one destination. The rows are the writer's checkpoint: each batch's outcome is
/// committed with the batch, and a row is marked <see cref="ActivityWriteState.Sending"/> before its batch leaves.
/// </summary>
public sealed class ActivityWrite : IAccountOwned
{
    public const int ReasonLength = 1000;

    public Guid SalesAccountId { get; set; }
    public Guid ActivityId { get; set; }
    public ActivityDestination Destination { get; set; }
    public ActivityWriteState State { get; set; }

    /// <summary>The vendor's id once written (Marketo's marketoGUID, the Salesforce Task id).</summary>
    public string? VendorId { get; set; }

    /// <summary>
    /// Why it failed or was skipped, in plain words with what to do: a SharedResource key whose one placeholder, if
    /// any, is <see cref="ReasonDetail"/> (the vendor's own message, shown verbatim).
    /// </summary>
    public string? Reason { get; set; }

    public string? ReasonDetail { get; set; }

    public int Attempts { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? WrittenAt { get; set; }

    /// <summary>Copied from the activity so the writer finds its work with one index.</summary>
    public DateTime CreatedAt { get; set; }
}

internal sealed class ActivityWriteConfiguration : IEntityTypeConfiguration<ActivityWrite>
{
    public void Configure(EntityTypeBuilder<ActivityWrite> builder)
    {
        builder.ToTable("activity_writes");
        builder.HasKey(w => new { w.SalesAccountId, w.ActivityId, w.Destination });
        builder.Property(w => w.Destination).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.VendorId).HasMaxLength(64);
        builder.Property(w => w.Reason).HasMaxLength(ActivityWrite.ReasonLength);
        builder.Property(w => w.ReasonDetail).HasMaxLength(ActivityWrite.ReasonLength);
        builder.HasIndex(w => new { w.SalesAccountId, w.Destination, w.State, w.CreatedAt });
        // Diagnostics: failed writes grouped by reason and listed newest first, without touching the (many) other rows.
        builder.HasIndex(w => new { w.SalesAccountId, w.Destination, w.Reason, w.CreatedAt })
            .HasFilter("\"State\" = 'Failed'")
            .HasDatabaseName("ix_activity_writes_failed");
    }
}
