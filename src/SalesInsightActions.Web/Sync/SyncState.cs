using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync;

/// <summary>The account's data sync (step 4): whether and when it was started.</summary>
public sealed class SyncState : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public DateTime? StartedAt { get; set; }
    public Guid? StartedByMemberId { get; set; }

    /// <summary>When the first full pull of people finished; null while it runs.</summary>
    public DateTime? InitialSyncCompletedAt { get; set; }
}

internal sealed class SyncStateConfiguration : IEntityTypeConfiguration<SyncState>
{
    public void Configure(EntityTypeBuilder<SyncState> builder)
    {
        builder.ToTable("sync_states");
        builder.HasIndex(s => s.SalesAccountId).IsUnique();
    }
}
