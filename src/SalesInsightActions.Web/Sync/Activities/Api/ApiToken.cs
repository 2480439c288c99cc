using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities.Api;

/// <summary>
/// A member's personal API token for the activities API. Only its SHA-256 is stored (the token is 256 random bits, so
/// a fast hash is enough: there is nothing to brute-force), plus a short prefix so the member can tell tokens apart.
/// </summary>
public sealed class ApiToken : IAccountOwned
{
    public const int NameLength = 100;

    /// <summary>Every token starts with this, so secret scanners and people recognise one.</summary>
    public const string Scheme = "sia_";

    public Guid SalesAccountId { get; set; }
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid MemberId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The first characters of the token ("sia_AbCd1234"), shown in lists.</summary>
    public string Prefix { get; set; } = "";

    public byte[] Hash { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(t => new { t.SalesAccountId, t.Id });
        builder.Property(t => t.Name).HasMaxLength(ApiToken.NameLength);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(32);
        // Sign-in by token finds the row by its hash before any account is known.
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => new { t.SalesAccountId, t.MemberId });
    }
}
