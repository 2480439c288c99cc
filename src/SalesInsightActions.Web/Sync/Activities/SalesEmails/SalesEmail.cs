using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

/// <summary>
/// A sales email a rep sent from a person's page: what its open pixel and tracked links refer to (by the hash of an
/// unguessable token), what replies and bounces are matched to (its Message-ID), and how often it was opened and clicked.
/// </summary>
public sealed class SalesEmail : IAccountOwned
{
    public const int SubjectLength = 200;
    public const int BodyLength = 20_000;

    public Guid SalesAccountId { get; set; }
    public Guid Id { get; set; } = Guid.NewGuid();
    public long PersonMarketoId { get; set; }
    public Guid MemberId { get; set; }
    public Guid OutboxEmailId { get; set; }

    /// <summary>The message's RFC 5322 Message-ID (without angle brackets), as the outbox sends it.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>SHA-256 of the token in the pixel and link addresses; the token itself is only in the email.</summary>
    public string TokenHash { get; set; } = "";

    public string Subject { get; set; } = "";
    public string? TemplateName { get; set; }

    /// <summary>The links of the body, in order, as JSON: a tracked link redirects only to one of these.</summary>
    public string Links { get; set; } = "[]";

    public DateTime CreatedAt { get; set; }
    public int OpenCount { get; set; }
    public DateTime? FirstOpenedAt { get; set; }
    public DateTime? LastOpenedAt { get; set; }
    public int ClickCount { get; set; }
    public DateTime? RepliedAt { get; set; }
    public DateTime? BouncedAt { get; set; }

    public IReadOnlyList<string> ReadLinks() => JsonSerializer.Deserialize<List<string>>(Links) ?? [];

    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The email a tracking or unsubscribe link's token belongs to, looked up by its hash across accounts (the token
    /// itself says which account), and the scope entered for that account. Null for an unknown or malformed token.
    /// </summary>
    public static async Task<SalesEmail?> FindByTokenAsync(AppDbContext db, AccountScope scope, string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token);
        var email = await db.SalesEmails.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(e => e.TokenHash == hash, ct);
        if (email is not null)
        {
            scope.Enter(email.SalesAccountId);
        }

        return email;
    }
}

internal sealed class SalesEmailConfiguration : IEntityTypeConfiguration<SalesEmail>
{
    public void Configure(EntityTypeBuilder<SalesEmail> builder)
    {
        builder.ToTable("sales_emails");
        builder.HasKey(e => new { e.SalesAccountId, e.Id });
        builder.Property(e => e.MessageId).HasMaxLength(200);
        builder.Property(e => e.TokenHash).HasMaxLength(64);
        builder.Property(e => e.Subject).HasMaxLength(SalesEmail.SubjectLength);
        builder.Property(e => e.TemplateName).HasMaxLength(200);
        builder.Property(e => e.Links).HasMaxLength(SalesEmail.BodyLength);
        // Tokens are looked up before the account is known (the pixel and links are anonymous).
        builder.HasIndex(e => e.TokenHash).IsUnique();
        builder.HasIndex(e => new { e.SalesAccountId, e.MessageId });
        builder.HasIndex(e => new { e.SalesAccountId, e.PersonMarketoId });
    }
}

/// <summary>
/// The account's secret for the inbound-mail webhook (replies and bounces), encrypted with the stored-secrets key so
/// admins can see it again in settings; rotating it replaces it at once.
/// </summary>
public sealed class InboundMailSecret : IAccountOwned
{
    public Guid SalesAccountId { get; set; }
    public string ProtectedSecret { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

internal sealed class InboundMailSecretConfiguration : IEntityTypeConfiguration<InboundMailSecret>
{
    public void Configure(EntityTypeBuilder<InboundMailSecret> builder)
    {
        builder.ToTable("inbound_mail_secrets");
        builder.HasKey(s => s.SalesAccountId);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(2000);
    }
}
