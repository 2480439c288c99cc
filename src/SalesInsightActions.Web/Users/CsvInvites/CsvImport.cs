using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users.CsvInvites;

public enum CsvImportStatus
{
    Uploaded = 0,
    Invited = 1,
}

/// <summary>
/// An uploaded CSV of people to invite, kept (with its confirmed column mapping) in the database
/// so the mapping page, the dry run and the invite step all read the same bytes, on any instance.
/// </summary>
public sealed class CsvImport : IAccountOwned
{
    public const int MaxFileBytes = 5 * 1024 * 1024;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public required string FileName { get; set; }
    public required byte[] Content { get; set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>.</summary>
    public required string ContentSha256 { get; set; }

    /// <summary>JSON: field name -> column index, as confirmed by the admin (null until confirmed).</summary>
    public string? MappingJson { get; set; }

    public CsvImportStatus Status { get; set; }
    public Guid? UploadedByMemberId { get; set; }
    public DateTime UploadedAt { get; set; }
    public DateTime? InvitedAt { get; set; }
    public int InvitedCount { get; set; }
    public int SkippedCount { get; set; }
}

internal sealed class CsvImportConfiguration : IEntityTypeConfiguration<CsvImport>
{
    public void Configure(EntityTypeBuilder<CsvImport> builder)
    {
        builder.ToTable("csv_imports");
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.ContentSha256).HasMaxLength(64);
        builder.Property(i => i.MappingJson).HasMaxLength(4000);
    }
}
