using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync;

public enum SyncStatus
{
    Queued,
    Running,
    Paused,
    Failed,
    UpToDate,
}

public enum SyncPauseReason
{
    None,

    /// <summary>An admin clicked Pause; only Resume lifts it.</summary>
    Admin,

    /// <summary>The daily Marketo quota (our share, or Marketo's 607): lifted at <see cref="SyncState.PausedUntil"/>.</summary>
    Quota,

    /// <summary>The bulk extract's daily export bytes are used up: lifted at <see cref="SyncState.PausedUntil"/>.</summary>
    ExportLimit,
}

/// <summary>The account's data sync (step 4): whether it was started, and where the people sync stands.</summary>
public sealed class SyncState : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public DateTime? StartedAt { get; set; }
    public Guid? StartedByMemberId { get; set; }

    /// <summary>When the first full pull of people finished; null while it runs.</summary>
    public DateTime? InitialSyncCompletedAt { get; set; }

    public SyncStatus Status { get; set; } = SyncStatus.Queued;
    public SyncPauseReason PauseReason { get; set; }

    /// <summary>When a quota pause ends (next 00:00 US Central); null for an admin pause.</summary>
    public DateTime? PausedUntil { get; set; }

    /// <summary>Marketo calls counted today and our share of the daily quota, when the run last looked.</summary>
    public int QuotaUsed { get; set; }
    public int QuotaLimit { get; set; }

    /// <summary>People processed by the initial pass so far, and how many it expects (from the extract's record counts).</summary>
    public long ProgressDone { get; set; }
    public long ProgressTotal { get; set; }

    /// <summary>When the current initial pass began counting progress (for rate and ETA).</summary>
    public DateTime? ProgressStartedAt { get; set; }

    public DateTime? LastRunAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }

    /// <summary>Bumped on every change so the sync page's poll can answer 304 Not Modified.</summary>
    public long Version { get; set; }
}

internal sealed class SyncStateConfiguration : IEntityTypeConfiguration<SyncState>
{
    public void Configure(EntityTypeBuilder<SyncState> builder)
    {
        builder.ToTable("sync_states");
        builder.HasIndex(s => s.SalesAccountId).IsUnique();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.PauseReason).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.LastError).HasMaxLength(2000);
    }
}
