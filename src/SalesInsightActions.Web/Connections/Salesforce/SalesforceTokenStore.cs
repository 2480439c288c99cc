using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Security;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>Tokens of a member's Salesforce connection, encrypted at rest with Data Protection. The connection id is the row id.</summary>
internal sealed class SalesforceTokenStore(AppDbContext db, SecretProtector secrets) : ISalesforceTokenStore
{
    public async Task<SalesforceTokens?> GetAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(connectionId, out var id))
        {
            return null;
        }

        var row = await db.SalesforceConnections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return row is null ? null : Read(row, secrets);
    }

    /// <summary>The decrypted tokens of a stored connection (the reverse of <see cref="Apply"/>).</summary>
    internal static SalesforceTokens Read(MemberSalesforceConnection row, SecretProtector secrets) => new(
        secrets.Unprotect(row.ProtectedAccessToken),
        row.ProtectedRefreshToken is null ? null : secrets.Unprotect(row.ProtectedRefreshToken),
        new Uri(row.InstanceUrl),
        new Uri(row.IdUrl),
        new DateTimeOffset(row.TokenIssuedAt, TimeSpan.Zero),
        row.Scope,
        new Uri(row.AuthorizationHost));

    public async Task SaveAsync(string connectionId, SalesforceTokens tokens, CancellationToken cancellationToken = default)
    {
        var id = Guid.Parse(connectionId);
        var row = await db.SalesforceConnections.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new InvalidOperationException("The Salesforce connection no longer exists.");
        Apply(row, tokens, secrets);
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static void Apply(MemberSalesforceConnection row, SalesforceTokens tokens, SecretProtector secrets)
    {
        row.ProtectedAccessToken = secrets.Protect(tokens.AccessToken);
        if (tokens.RefreshToken is not null)
        {
            row.ProtectedRefreshToken = secrets.Protect(tokens.RefreshToken);
        }

        row.InstanceUrl = tokens.InstanceUrl.ToString().TrimEnd('/');
        row.IdUrl = tokens.IdUrl.ToString();
        row.AuthorizationHost = tokens.AuthorizationHost.ToString();
        row.TokenIssuedAt = tokens.IssuedAt.UtcDateTime;
        row.Scope = tokens.Scope;
    }
}
