using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Security;

namespace SalesInsightActions.Web.Onboarding.ActionsConfig;

/// <summary>
/// The REST API credentials (an API-only Marketo user) a Marketo admin verified on Actions Config (step 1).
/// Shown on the Integration Information card and used by Settings → Marketo → Connect (step 3). The client
/// secret is stored encrypted.
/// </summary>
public sealed class ActionsConfigCredentials : IAccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SalesAccountId { get; set; }
    public required string MunchkinId { get; set; }

    /// <summary>Base URL of the subscription's REST host, e.g. https://123-ABC-456.mktorest.com (no /rest suffix).</summary>
    public required string Endpoint { get; set; }

    public required string ClientId { get; set; }
    public required string ProtectedClientSecret { get; set; }
    public DateTime VerifiedAt { get; set; }
}

internal sealed class ActionsConfigCredentialsConfiguration : IEntityTypeConfiguration<ActionsConfigCredentials>
{
    public void Configure(EntityTypeBuilder<ActionsConfigCredentials> builder)
    {
        builder.ToTable("actions_config_credentials");
        builder.Property(c => c.MunchkinId).HasMaxLength(32);
        builder.Property(c => c.Endpoint).HasMaxLength(500);
        builder.Property(c => c.ClientId).HasMaxLength(200);
        builder.HasIndex(c => c.SalesAccountId).IsUnique();
    }
}

/// <summary>Reads and writes the current account's Actions Config credentials (secret encrypted at rest).</summary>
public sealed class ActionsConfigCredentialStore(AppDbContext db, SecretProtector secrets, TimeProvider clock)
{
    /// <summary>Stages the verified credentials on the context (saved with the caller's SaveChanges).</summary>
    public async Task StageAsync(MarketoConnection verified, string munchkinId, CancellationToken ct = default)
    {
        var row = await db.ActionsConfigCredentials.FirstOrDefaultAsync(ct);
        if (row is null)
        {
            row = new ActionsConfigCredentials { MunchkinId = "", Endpoint = "", ClientId = "", ProtectedClientSecret = "" };
            db.ActionsConfigCredentials.Add(row);
        }

        row.MunchkinId = munchkinId.Trim().ToUpperInvariant();
        row.Endpoint = verified.Endpoint.ToString().TrimEnd('/');
        row.ClientId = verified.ClientId;
        row.ProtectedClientSecret = secrets.Protect(verified.ClientSecret);
        row.VerifiedAt = clock.GetUtcNow().UtcDateTime;
    }

    public async Task<ActionsConfigCredentials?> GetRowAsync(CancellationToken ct = default) =>
        await db.ActionsConfigCredentials.AsNoTracking().FirstOrDefaultAsync(ct);

    /// <summary>The stored credentials as a connection the Marketo client can use; null when none are stored.</summary>
    public async Task<MarketoConnection?> GetConnectionAsync(CancellationToken ct = default)
    {
        var row = await GetRowAsync(ct);
        return row is null ? null : new MarketoConnection(new Uri(row.Endpoint), row.ClientId, secrets.Unprotect(row.ProtectedClientSecret));
    }

    public string RevealSecret(ActionsConfigCredentials row) => secrets.Unprotect(row.ProtectedClientSecret);
}
