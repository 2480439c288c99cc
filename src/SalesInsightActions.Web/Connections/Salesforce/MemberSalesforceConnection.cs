using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>
/// A member's stored Salesforce connection (one per member). The admin's connection made in step 2 is
/// the account's org connection. Tokens are stored encrypted.
/// </summary>
public sealed class MemberSalesforceConnection : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public Guid MemberId { get; set; }

    /// <summary>True for the connection the account uses for org-wide work (step 2).</summary>
    public bool IsAccountConnection { get; set; }

    public bool IsSandboxOrg { get; set; }
    public required string InstanceUrl { get; set; }
    public required string OrganizationId { get; set; }
    public required string SalesforceUserId { get; set; }
    public required string Username { get; set; }
    public required string ProtectedAccessToken { get; set; }
    public required string ProtectedRefreshToken { get; set; }
    public DateTime ConnectedAt { get; set; }
}

internal sealed class MemberSalesforceConnectionConfiguration : IEntityTypeConfiguration<MemberSalesforceConnection>
{
    public void Configure(EntityTypeBuilder<MemberSalesforceConnection> builder)
    {
        builder.ToTable("salesforce_connections");
        builder.Property(c => c.InstanceUrl).HasMaxLength(500);
        builder.Property(c => c.OrganizationId).HasMaxLength(18);
        builder.Property(c => c.SalesforceUserId).HasMaxLength(18);
        builder.Property(c => c.Username).HasMaxLength(256);
        builder.HasIndex(c => c.MemberId).IsUnique();
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
