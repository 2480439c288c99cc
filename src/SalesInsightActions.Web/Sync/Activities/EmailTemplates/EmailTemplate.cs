using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.Activities.SalesEmails;

namespace SalesInsightActions.Web.Sync.Activities.EmailTemplates;

/// <summary>
/// A sales email template admins write for every rep: subject and body with placeholders filled in for the recipient
/// when the email is sent. Its name is what Marketo's "Template" attribute and the Salesforce Task carry.
/// </summary>
public sealed class EmailTemplate : IAccountOwned
{
    public const int NameLength = 120;

    public Guid SalesAccountId { get; set; }
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class EmailTemplateConfiguration : IEntityTypeConfiguration<EmailTemplate>
{
    public void Configure(EntityTypeBuilder<EmailTemplate> builder)
    {
        builder.ToTable("email_templates");
        builder.HasKey(t => new { t.SalesAccountId, t.Id });
        builder.Property(t => t.Name).HasMaxLength(EmailTemplate.NameLength);
        builder.Property(t => t.Subject).HasMaxLength(SalesEmail.SubjectLength);
        builder.Property(t => t.Body).HasMaxLength(SalesEmail.BodyLength);
        builder.HasIndex(t => new { t.SalesAccountId, t.Name }).IsUnique();
    }
}
