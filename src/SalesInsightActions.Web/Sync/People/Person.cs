using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>
/// A person synced one way from Marketo: the product's 13 fixed fields plus the Salesforce owner that made them eligible.
/// Keyed by (account, Marketo id): two Marketo records with one email stay two people.
/// </summary>
public sealed class Person : IAccountOwned
{
    public Guid SalesAccountId { get; set; }
    public long MarketoId { get; set; }

    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Company { get; set; }
    public string? Title { get; set; }
    public string? Phone { get; set; }
    public string? LinkedInUrl { get; set; }
    public string? Source { get; set; }

    public string? SalesforceContactId { get; set; }
    public string? SalesforceLeadId { get; set; }
    public string? SalesforceAccountId { get; set; }
    public string? SalesforceOpportunityId { get; set; }
    public string? SalesforceOwnerId { get; set; }

    /// <summary>Marketo's sfdcType: Lead or Contact.</summary>
    public string? SalesforceOwnerType { get; set; }

    public DateTime? MarketoCreatedAt { get; set; }
    public DateTime? MarketoUpdatedAt { get; set; }

    /// <summary>Hash of the synced fields: an upsert whose hash matches the stored one writes nothing.</summary>
    public long ContentHash { get; set; }

    public DateTime FirstSyncedAt { get; set; }
    public DateTime ChangedAt { get; set; }

    // Lower-cased copies so prefix search uses a plain index on both databases (on PostgreSQL with text_pattern_ops:
    // LIKE 'x%' can use a default btree only under the C collation).
    public string SearchName { get; set; } = "";
    public string SearchLastName { get; set; } = "";
    public string SearchEmail { get; set; } = "";
    public string SearchCompany { get; set; } = "";
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public const int TextLength = 255;
    public const int UrlLength = 1024;
    public const int SalesforceIdLength = 18;

    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable(PeopleTable.Name);
        builder.HasKey(p => new { p.SalesAccountId, p.MarketoId });
        builder.Property(p => p.SalesAccountId).HasColumnName("sales_account_id");
        builder.Property(p => p.MarketoId).HasColumnName("marketo_id").ValueGeneratedNever();
        builder.Property(p => p.FirstName).HasColumnName("first_name").HasMaxLength(TextLength);
        builder.Property(p => p.LastName).HasColumnName("last_name").HasMaxLength(TextLength);
        builder.Property(p => p.Email).HasColumnName("email").HasMaxLength(TextLength);
        builder.Property(p => p.Company).HasColumnName("company").HasMaxLength(TextLength);
        builder.Property(p => p.Title).HasColumnName("title").HasMaxLength(TextLength);
        builder.Property(p => p.Phone).HasColumnName("phone").HasMaxLength(TextLength);
        builder.Property(p => p.LinkedInUrl).HasColumnName("linkedin_url").HasMaxLength(UrlLength);
        builder.Property(p => p.Source).HasColumnName("source").HasMaxLength(TextLength);
        builder.Property(p => p.SalesforceContactId).HasColumnName("sfdc_contact_id").HasMaxLength(SalesforceIdLength);
        builder.Property(p => p.SalesforceLeadId).HasColumnName("sfdc_lead_id").HasMaxLength(SalesforceIdLength);
        builder.Property(p => p.SalesforceAccountId).HasColumnName("sfdc_account_id").HasMaxLength(SalesforceIdLength);
        builder.Property(p => p.SalesforceOpportunityId).HasColumnName("sfdc_opportunity_id").HasMaxLength(SalesforceIdLength);
        builder.Property(p => p.SalesforceOwnerId).HasColumnName("sfdc_owner_id").HasMaxLength(SalesforceIdLength);
        builder.Property(p => p.SalesforceOwnerType).HasColumnName("sfdc_owner_type").HasMaxLength(16);
        builder.Property(p => p.MarketoCreatedAt).HasColumnName("marketo_created_at");
        builder.Property(p => p.MarketoUpdatedAt).HasColumnName("marketo_updated_at");
        builder.Property(p => p.ContentHash).HasColumnName("content_hash");
        builder.Property(p => p.FirstSyncedAt).HasColumnName("first_synced_at");
        builder.Property(p => p.ChangedAt).HasColumnName("changed_at");
        builder.Property(p => p.SearchName).HasColumnName("search_name").HasMaxLength(2 * TextLength + 1);
        builder.Property(p => p.SearchLastName).HasColumnName("search_last_name").HasMaxLength(TextLength);
        builder.Property(p => p.SearchEmail).HasColumnName("search_email").HasMaxLength(TextLength);
        builder.Property(p => p.SearchCompany).HasColumnName("search_company").HasMaxLength(TextLength);
        // Each search index carries the Marketo id, so a search finds its page's ids from the indexes alone (an
        // index-only scan, however many people share the prefix) and reads only the page's rows.
        builder.HasIndex(p => new { p.SalesAccountId, p.SearchName }).HasDatabaseName("ix_people_search_name")
            .HasOperators("uuid_ops", "text_pattern_ops").IncludeProperties(p => p.MarketoId);
        builder.HasIndex(p => new { p.SalesAccountId, p.SearchLastName }).HasDatabaseName("ix_people_search_last_name")
            .HasOperators("uuid_ops", "text_pattern_ops").IncludeProperties(p => p.MarketoId);
        builder.HasIndex(p => new { p.SalesAccountId, p.SearchEmail }).HasDatabaseName("ix_people_search_email")
            .HasOperators("uuid_ops", "text_pattern_ops").IncludeProperties(p => p.MarketoId);
        builder.HasIndex(p => new { p.SalesAccountId, p.SearchCompany }).HasDatabaseName("ix_people_search_company")
            .HasOperators("uuid_ops", "text_pattern_ops").IncludeProperties(p => p.MarketoId);
    }
}
