using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Security;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>
/// The current account's Marketo connection: stored with its client secret encrypted (Data Protection),
/// handed to the client as a <see cref="MarketoConnection"/> only when needed.
/// </summary>
public sealed class MarketoConnectionStore(AppDbContext db, SecretProtector secrets, TimeProvider clock)
{
    /// <summary>Creates or replaces the account's one connection. Values are trimmed (admins paste stray spaces).</summary>
    public async Task SaveAsync(string munchkinId, Uri endpoint, string clientId, string clientSecret, Guid connectedByMemberId, CancellationToken ct = default)
    {
        var row = await db.MarketoConnections.FirstOrDefaultAsync(ct);
        if (row is null)
        {
            row = new AccountMarketoConnection { MunchkinId = "", Endpoint = "", ClientId = "", ProtectedClientSecret = "" };
            db.MarketoConnections.Add(row);
        }

        row.MunchkinId = munchkinId.Trim().ToUpperInvariant();
        row.Endpoint = endpoint.ToString().TrimEnd('/');
        row.ClientId = clientId.Trim();
        row.ProtectedClientSecret = secrets.Protect(clientSecret.Trim());
        row.ConnectedByMemberId = connectedByMemberId;
        row.ConnectedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    public async Task<MarketoConnection?> GetAsync(CancellationToken ct = default)
    {
        var row = await db.MarketoConnections.AsNoTracking().FirstOrDefaultAsync(ct);
        return row is null ? null : new MarketoConnection(new Uri(row.Endpoint), row.ClientId, secrets.Unprotect(row.ProtectedClientSecret));
    }
}
