using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users;

public enum MemberRole
{
    StandardUser = 0,
    Admin = 1,
}

public enum MemberStatus
{
    Invited = 0,
    Active = 1,
    Deactivated = 2,
}

/// <summary>A person's membership of a Sales account: role, status, and whether they are the original user.</summary>
public sealed class Member : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public required string Email { get; set; }

    /// <summary>Upper-invariant email, for lookups and uniqueness.</summary>
    public required string NormalizedEmail { get; set; }

    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public MemberRole Role { get; set; }
    public MemberStatus Status { get; set; }

    /// <summary>The first person invited to the account (step 1); protected once sync has started.</summary>
    public bool IsOriginalUser { get; set; }

    /// <summary>The sign-in identity, once the invitation has been accepted.</summary>
    public string? UserId { get; set; }

    public DateTime InvitedAt { get; set; }
    public DateTime? ActivatedAt { get; set; }
    public DateTime? DeactivatedAt { get; set; }

    /// <summary>Members take a seat unless deactivated.</summary>
    public bool TakesSeat => Status != MemberStatus.Deactivated;
}

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.ToTable("members");
        builder.Property(m => m.Email).HasMaxLength(256);
        builder.Property(m => m.NormalizedEmail).HasMaxLength(256);
        builder.Property(m => m.FirstName).HasMaxLength(100);
        builder.Property(m => m.LastName).HasMaxLength(100);
        // An email address can belong to one Sales account only.
        builder.HasIndex(m => m.NormalizedEmail).IsUnique();
        builder.Ignore(m => m.TakesSeat);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
