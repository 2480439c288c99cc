using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesInsightActions.Web.Accounts;

/// <summary>One Sales account per Marketo subscription: the tenant every owned row points to.</summary>
public sealed class SalesAccount
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }

    /// <summary>The Marketo subscription this account belongs to, e.g. "123-ABC-456".</summary>
    public required string MunchkinId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>True for the account the sandbox creates for itself; never set in production.</summary>
    public bool IsSandbox { get; set; }

    /// <summary>How members sign in; "Salesforce only" by default, as in the real product.</summary>
    public LoginManagement LoginManagement { get; set; } = LoginManagement.SalesforceOnly;

    /// <summary>Microsoft Entra ID single sign-on offered on the sign-in page (needs <see cref="LoginManagement.AllLoginMethods"/>).</summary>
    public bool EntraSsoEnabled { get; set; }

    public const int SeatLimit = 100;
}

public enum LoginManagement
{
    /// <summary>Members activate and sign in by connecting Salesforce.</summary>
    SalesforceOnly = 0,

    /// <summary>Password, Salesforce, or SSO where enabled.</summary>
    AllLoginMethods = 1,
}

internal sealed class SalesAccountConfiguration : IEntityTypeConfiguration<SalesAccount>
{
    public void Configure(EntityTypeBuilder<SalesAccount> builder)
    {
        builder.ToTable("sales_accounts");
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.MunchkinId).HasMaxLength(32);
        builder.HasIndex(a => a.MunchkinId).IsUnique();
    }
}
