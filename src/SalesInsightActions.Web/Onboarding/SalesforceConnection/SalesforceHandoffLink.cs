using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Onboarding.SalesforceConnection;

/// <summary>
/// A link an admin gives a Salesforce admin who is not a member, so they can make the account's Salesforce connection
/// themselves: single use, expiring, revocable. Only the SHA-256 of its token is stored.
/// </summary>
public sealed class SalesforceHandoffLink : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public required string TokenHash { get; set; }

    /// <summary>The Salesforce environment the admin chose when creating the link.</summary>
    public bool IsSandbox { get; set; }

    public Guid? CreatedByMemberId { get; set; }
    public string? CreatedByEmail { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }

    /// <summary>Salesforce username of whoever used the link.</summary>
    public string? UsedBy { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsPending(DateTime now) => UsedAt is null && RevokedAt is null && ExpiresAt > now;
}

internal sealed class SalesforceHandoffLinkConfiguration : IEntityTypeConfiguration<SalesforceHandoffLink>
{
    public void Configure(EntityTypeBuilder<SalesforceHandoffLink> builder)
    {
        builder.ToTable("salesforce_handoff_links");
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.Property(l => l.CreatedByEmail).HasMaxLength(256);
        builder.Property(l => l.UsedBy).HasMaxLength(256);
        builder.HasIndex(l => l.TokenHash).IsUnique();
    }
}
