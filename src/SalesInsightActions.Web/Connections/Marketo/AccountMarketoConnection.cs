using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>The account's one stored Marketo connection (step 3). The client secret is stored encrypted.</summary>
public sealed class AccountMarketoConnection : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public required string MunchkinId { get; set; }

    /// <summary>Base URL of the subscription's REST host, e.g. https://123-ABC-456.mktorest.com.</summary>
    public required string Endpoint { get; set; }

    public required string ClientId { get; set; }
    public required string ProtectedClientSecret { get; set; }

    /// <summary>The admin who connected; only they may disconnect.</summary>
    public Guid ConnectedByMemberId { get; set; }

    public DateTime ConnectedAt { get; set; }
}

internal sealed class AccountMarketoConnectionConfiguration : IEntityTypeConfiguration<AccountMarketoConnection>
{
    public void Configure(EntityTypeBuilder<AccountMarketoConnection> builder)
    {
        builder.ToTable("marketo_connections");
        builder.Property(c => c.MunchkinId).HasMaxLength(32);
        builder.Property(c => c.Endpoint).HasMaxLength(500);
        builder.Property(c => c.ClientId).HasMaxLength(200);
        // One Marketo connection per Sales account.
        builder.HasIndex(c => c.SalesAccountId).IsUnique();
    }
}
