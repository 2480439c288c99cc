using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Diagnostics;

/// <summary>A Marketo lead the store refused (bad data), set aside with the reason so the run goes on.</summary>
public sealed class RejectedPerson : IAccountOwned
{
    public Guid SalesAccountId { get; set; }
    public long MarketoId { get; set; }
    public required string Reason { get; set; }
    public DateTime RejectedAt { get; set; }
}

internal sealed class RejectedPersonConfiguration : IEntityTypeConfiguration<RejectedPerson>
{
    public void Configure(EntityTypeBuilder<RejectedPerson> builder)
    {
        builder.ToTable("sync_rejected_people");
        builder.HasKey(r => new { r.SalesAccountId, r.MarketoId });
        builder.Property(r => r.MarketoId).ValueGeneratedNever();
        builder.Property(r => r.Reason).HasMaxLength(1000);
    }
}
