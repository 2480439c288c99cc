using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Onboarding;

/// <summary>The result of one live check of the MSI package in the account's Salesforce org (steps 6 and 7).</summary>
public sealed class SalesforcePackageCheck : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public DateTime CheckedAt { get; set; }
    public bool PackageInstalled { get; set; }
    public string? PackageVersion { get; set; }

    /// <summary>"Enable MSI Actions" ticked, API secret key set and custom Task fields present.</summary>
    public bool Configured { get; set; }

    /// <summary>What the check found missing, for the admin to fix.</summary>
    public string? Findings { get; set; }
}

internal sealed class SalesforcePackageCheckConfiguration : IEntityTypeConfiguration<SalesforcePackageCheck>
{
    public void Configure(EntityTypeBuilder<SalesforcePackageCheck> builder)
    {
        builder.ToTable("salesforce_package_checks");
        builder.Property(c => c.PackageVersion).HasMaxLength(50);
        builder.Property(c => c.Findings).HasMaxLength(4000);
        builder.HasIndex(c => new { c.SalesAccountId, c.CheckedAt });
    }
}
