using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Checkpoints;

public enum SyncPhase
{
    /// <summary>Bulk extract (or the REST fallback) of everything created before the run's start.</summary>
    Initial,

    /// <summary>Following the activity feed from the paging token taken at the run's start.</summary>
    Incremental,
}

/// <summary>
/// Where a stream's sync stands, written in the same transaction as the rows of each batch so a crash at any
/// instant resumes from exactly what was committed.
/// </summary>
public sealed class SyncCheckpoint : IAccountOwned
{
    public const string PeopleStream = "people";

    public Guid SalesAccountId { get; set; }
    public string Stream { get; set; } = PeopleStream;
    public SyncPhase Phase { get; set; }

    /// <summary>The initial run's start: windows end here and the activity feed starts here, so nothing falls between.</summary>
    public DateTime RunStartedAt { get; set; }

    /// <summary>Activity feed position taken at <see cref="RunStartedAt"/>, then advanced page by page.</summary>
    public string? PagingToken { get; set; }

    /// <summary>Cursor timestamp: everything created before it is in the store (initial phase). Never past <see cref="RunStartedAt"/>.</summary>
    public DateTime CursorAt { get; set; }

    /// <summary>Cursor id: the last Marketo id consumed (REST fallback by id ranges).</summary>
    public long CursorId { get; set; }

    /// <summary>The bulk export whose file is being consumed and how many of its rows are already in the store.</summary>
    public string? ExportId { get; set; }
    public long ExportRowsConsumed { get; set; }

    /// <summary>True once bulk extract proved unavailable (1035): the initial pass reads leads.json by id ranges.</summary>
    public bool UseRestFallback { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class SyncCheckpointConfiguration : IEntityTypeConfiguration<SyncCheckpoint>
{
    public void Configure(EntityTypeBuilder<SyncCheckpoint> builder)
    {
        builder.ToTable("sync_checkpoints");
        builder.HasKey(c => new { c.SalesAccountId, c.Stream });
        builder.Property(c => c.Stream).HasMaxLength(32);
        builder.Property(c => c.Phase).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.PagingToken).HasMaxLength(512);
        builder.Property(c => c.ExportId).HasMaxLength(64);
    }
}
