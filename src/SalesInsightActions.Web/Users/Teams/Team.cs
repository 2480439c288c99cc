using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users.Teams;

/// <summary>A team of members. Every account has the Everyone team, which every member is always in.</summary>
public sealed class Team : IAccountOwned
{
    public const int MaxTeamsPerAccount = 20;
    public const string EveryoneName = "Everyone";

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public required string Name { get; set; }

    /// <summary>Upper-invariant name, for case-insensitive uniqueness within the account.</summary>
    public required string NormalizedName { get; set; }

    public string? Description { get; set; }
    public bool IsEveryone { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A member's place in a team.</summary>
public sealed class TeamMembership : IAccountOwned
{
    public Guid SalesAccountId { get; set; }
    public Guid TeamId { get; set; }
    public Guid MemberId { get; set; }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("teams");
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.NormalizedName).HasMaxLength(100);
        builder.Property(t => t.Description).HasMaxLength(500);
        builder.HasIndex(t => new { t.SalesAccountId, t.NormalizedName }).IsUnique();
    }
}

internal sealed class TeamMembershipConfiguration : IEntityTypeConfiguration<TeamMembership>
{
    public void Configure(EntityTypeBuilder<TeamMembership> builder)
    {
        builder.ToTable("team_memberships");
        builder.HasKey(m => new { m.TeamId, m.MemberId });
        builder.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(m => m.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
