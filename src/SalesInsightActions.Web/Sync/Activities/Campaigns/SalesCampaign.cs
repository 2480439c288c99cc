using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities.Campaigns;

/// <summary>What a campaign step asks the rep to do.</summary>
public enum CampaignStepKind
{
    Email,
    Call,
    Other,
}

/// <summary>
/// A named list of steps that admins create (product.md, "Add to / Remove from Sales Campaign"). Membership is what
/// the product records; the steps say what a member is due for, nothing sends them automatically.
/// </summary>
public sealed class SalesCampaign : IAccountOwned
{
    public const int NameLength = 120;
    public const int DescriptionLength = 1000;
    public const int MaxSteps = 30;

    public Guid SalesAccountId { get; set; }
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>Archived campaigns keep their members and history but take no new members.</summary>
    public DateTime? ArchivedAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<SalesCampaignStep> Steps { get; set; } = [];
    public List<SalesCampaignMembership> Members { get; set; } = [];
}

/// <summary>One step of a campaign; steps run in <see cref="Position"/> order, <see cref="DayOffset"/> days after a person was added.</summary>
public sealed class SalesCampaignStep : IAccountOwned
{
    public const int NameLength = 120;
    public const int DescriptionLength = 1000;
    public const int MaxDayOffset = 365;

    public Guid SalesAccountId { get; set; }
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CampaignId { get; set; }
    public int Position { get; set; }
    public CampaignStepKind Kind { get; set; }
    public string Name { get; set; } = "";
    public int DayOffset { get; set; }
    public string? Description { get; set; }
}

/// <summary>A person in a campaign (once at most). Removing them deletes the row; the activities keep the history.</summary>
public sealed class SalesCampaignMembership : IAccountOwned
{
    public Guid SalesAccountId { get; set; }
    public Guid CampaignId { get; set; }
    public long PersonMarketoId { get; set; }

    /// <summary>The member who added them.</summary>
    public Guid AddedByMemberId { get; set; }

    public DateTime AddedAt { get; set; }
}

internal sealed class SalesCampaignConfiguration : IEntityTypeConfiguration<SalesCampaign>
{
    public void Configure(EntityTypeBuilder<SalesCampaign> builder)
    {
        builder.ToTable("sales_campaigns");
        builder.HasKey(c => new { c.SalesAccountId, c.Id });
        builder.Property(c => c.Name).HasMaxLength(SalesCampaign.NameLength);
        builder.Property(c => c.Description).HasMaxLength(SalesCampaign.DescriptionLength);
        builder.HasIndex(c => new { c.SalesAccountId, c.Name }).IsUnique();
        builder.HasMany(c => c.Steps).WithOne().HasForeignKey(s => new { s.SalesAccountId, s.CampaignId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Members).WithOne().HasForeignKey(m => new { m.SalesAccountId, m.CampaignId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SalesCampaignStepConfiguration : IEntityTypeConfiguration<SalesCampaignStep>
{
    public void Configure(EntityTypeBuilder<SalesCampaignStep> builder)
    {
        builder.ToTable("sales_campaign_steps");
        builder.HasKey(s => new { s.SalesAccountId, s.Id });
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Name).HasMaxLength(SalesCampaignStep.NameLength);
        builder.Property(s => s.Description).HasMaxLength(SalesCampaignStep.DescriptionLength);
        builder.HasIndex(s => new { s.SalesAccountId, s.CampaignId, s.Position });
    }
}

internal sealed class SalesCampaignMembershipConfiguration : IEntityTypeConfiguration<SalesCampaignMembership>
{
    public void Configure(EntityTypeBuilder<SalesCampaignMembership> builder)
    {
        builder.ToTable("sales_campaign_members");
        // The key is what makes "in a campaign once" hold even when two reps add the same person at the same moment.
        builder.HasKey(m => new { m.SalesAccountId, m.CampaignId, m.PersonMarketoId });
        // The campaign page's keyset (newest first) and the person page's list of their campaigns.
        builder.HasIndex(m => new { m.SalesAccountId, m.CampaignId, m.AddedAt, m.PersonMarketoId }).HasDatabaseName("ix_sales_campaign_members_page");
        builder.HasIndex(m => new { m.SalesAccountId, m.PersonMarketoId });
    }
}
