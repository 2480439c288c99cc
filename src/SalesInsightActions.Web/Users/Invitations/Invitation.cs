using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users.Invitations;

/// <summary>
/// One invitation link sent to a member. Only the SHA-256 of the token is stored, so a database
/// leak reveals no usable link. A resend revokes the previous invitation and creates a new one.
/// </summary>
public sealed class Invitation : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public Guid MemberId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token in the link.</summary>
    public required string TokenHash { get; set; }

    public Guid? InvitedByMemberId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("invitations");
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.MemberId);
        builder.HasOne<Member>().WithMany().HasForeignKey(i => i.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
