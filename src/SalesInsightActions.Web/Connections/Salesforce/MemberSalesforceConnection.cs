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

    /// <summary>Null when Salesforce issued no refresh token (the connected app's policy).</summary>
    public string? ProtectedRefreshToken { get; set; }

    /// <summary>Login host that issued the tokens (production, sandbox or My Domain); refreshes go there.</summary>
    public string AuthorizationHost { get; set; } = "";

    /// <summary>The identity URL …/id/{orgId}/{userId}.</summary>
    public string IdUrl { get; set; } = "";

    public DateTime TokenIssuedAt { get; set; }
    public string? Scope { get; set; }
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
        builder.Property(c => c.AuthorizationHost).HasMaxLength(500);
        builder.Property(c => c.IdUrl).HasMaxLength(500);
        builder.Property(c => c.Scope).HasMaxLength(500);
        // One Sales member per Salesforce user of an org.
        builder.HasIndex(c => new { c.OrganizationId, c.SalesforceUserId }).IsUnique();
        builder.HasIndex(c => c.MemberId).IsUnique();
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
