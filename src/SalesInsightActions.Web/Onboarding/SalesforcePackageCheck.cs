using System.Text.Json;
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

    /// <summary>Step 6: the package's namespace was found in the org.</summary>
    public bool PackageInstalled { get; set; }

    public string? PackageVersion { get; set; }

    /// <summary>Step 7: every checklist item passed (version, API access, Task Type values, the package's Task fields, app access).</summary>
    public bool Configured { get; set; }

    /// <summary>What the check found missing (English, for logs and exports); the page shows <see cref="Items"/>.</summary>
    public string? Findings { get; set; }

    /// <summary>The member who pressed Re-check; null when a Salesforce admin used a hand-off link.</summary>
    public Guid? CheckedByMemberId { get; set; }

    /// <summary>Who checked: the member's email, or the Salesforce username of the hand-off user.</summary>
    public string? CheckedBy { get; set; }

    /// <summary>Per-item results as JSON (<see cref="PackageCheckItemResult"/>).</summary>
    public string ItemsJson { get; set; } = "[]";

    public IReadOnlyList<PackageCheckItemResult> Items
    {
        get => JsonSerializer.Deserialize<List<PackageCheckItemResult>>(ItemsJson) ?? [];
        set => ItemsJson = JsonSerializer.Serialize(value);
    }
}

public static class SalesforcePackageCheckQueries
{
    /// <summary>
    /// The checks that still speak for the account: those made through its current Salesforce account connection. After
    /// a disconnect none counts, and after connecting again (perhaps another org) only a new check does.
    /// </summary>
    public static IQueryable<SalesforcePackageCheck> CurrentPackageChecks(this AppDbContext db) =>
        db.SalesforcePackageChecks.Where(c => db.SalesforceConnections.Any(s => s.IsAccountConnection && c.CheckedAt >= s.ConnectedAt));
}

/// <summary>The checklist's items, in the order the page shows them.</summary>
public enum PackageCheckItem
{
    PackageInstalled,
    PackageVersion,
    ApiEnabled,
    TaskTypePicklist,
    TaskFields,
    AppAccess,
}

public enum PackageCheckItemStatus
{
    Passed,
    Failed,

    /// <summary>Could not be checked because an earlier item failed (e.g. no API access).</summary>
    NotChecked,
}

/// <summary>One item's outcome: what was found and, when it failed, the fix; both are localization keys with arguments.</summary>
public sealed record PackageCheckItemResult(
    PackageCheckItem Item,
    PackageCheckItemStatus Status,
    string? DetailKey = null,
    string[]? DetailArgs = null,
    string? FixKey = null,
    string[]? FixArgs = null);

internal sealed class SalesforcePackageCheckConfiguration : IEntityTypeConfiguration<SalesforcePackageCheck>
{
    public void Configure(EntityTypeBuilder<SalesforcePackageCheck> builder)
    {
        builder.ToTable("salesforce_package_checks");
        builder.Property(c => c.PackageVersion).HasMaxLength(50);
        builder.Property(c => c.Findings).HasMaxLength(4000);
        builder.Property(c => c.CheckedBy).HasMaxLength(256);
        builder.Ignore(c => c.Items);
        builder.HasIndex(c => new { c.SalesAccountId, c.CheckedAt });
    }
}
