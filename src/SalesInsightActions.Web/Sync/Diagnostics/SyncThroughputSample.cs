using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Diagnostics;

/// <summary>
/// People the sync read and wrote in one minute, for the sync page's throughput chart. Added to by every batch in the
/// batch's own transaction (so a rolled-back batch counts nothing) and kept for <see cref="SyncThroughput.Retention"/>.
/// </summary>
public sealed class SyncThroughputSample : IAccountOwned
{
    public Guid SalesAccountId { get; set; }

    /// <summary>The minute's start, UTC.</summary>
    public DateTime Minute { get; set; }

    public long PeopleRead { get; set; }
    public long PeopleWritten { get; set; }
}

internal sealed class SyncThroughputSampleConfiguration : IEntityTypeConfiguration<SyncThroughputSample>
{
    public void Configure(EntityTypeBuilder<SyncThroughputSample> builder)
    {
        builder.ToTable("sync_throughput");
        builder.HasKey(s => new { s.SalesAccountId, s.Minute });
    }
}
