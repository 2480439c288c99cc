using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>
/// A stored Salesforce connection, tokens encrypted: a member's own (sign-in, one per member) or the account's
/// org connection made in step 2 (<see cref="IsAccountConnection"/>, one per account, used by sync and Task writes).
/// </summary>
public sealed class MemberSalesforceConnection : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    /// <summary>The member whose own connection this is; null for the account connection.</summary>
    public Guid? MemberId { get; set; }

    /// <summary>True for the connection the account uses for org-wide work (step 2).</summary>
    public bool IsAccountConnection { get; set; }

    /// <summary>Who made the account connection in this product: the admin, or null when a Salesforce admin used a hand-off link.</summary>
    public Guid? ConnectedByMemberId { get; set; }

    /// <summary>For the account connection: the admin's email, or "hand-off link" with the Salesforce username.</summary>
    public string? ConnectedByEmail { get; set; }

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
        builder.Property(c => c.ConnectedByEmail).HasMaxLength(256);
        // The account connection is its own row, not a flag on an admin's sign-in connection: the admin who connected
        // may leave, re-sign-in (which rewrites their own row's tokens) or be no member at all (hand-off link), and
        // disconnecting the account must not sign anyone out. So MemberId is null on it (NULLs do not collide in the
        // unique MemberId index on PostgreSQL or SQLite). One Sales member per Salesforce user of an org, among members'
        // own connections only: the same Salesforce user may also have connected one or more Sales accounts.
        // The filters are written so both PostgreSQL and SQLite (FALSE/TRUE = 0/1) accept them.
        builder.HasIndex(c => new { c.OrganizationId, c.SalesforceUserId }).IsUnique().HasFilter("\"IsAccountConnection\" = FALSE");
        // One account connection per Sales account.
        builder.HasIndex(c => c.SalesAccountId).IsUnique().HasFilter("\"IsAccountConnection\" = TRUE")
            .HasDatabaseName("IX_salesforce_connections_one_account_connection");
        builder.HasIndex(c => c.MemberId).IsUnique();
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
