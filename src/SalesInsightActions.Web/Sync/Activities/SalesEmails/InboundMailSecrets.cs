using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Security;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

public sealed record InboundMailSecretView(string? Secret, DateTime? CreatedAt);

/// <summary>The inbound-mail webhook's per-account secret: shown to admins, rotated by them, checked on every post.</summary>
public sealed class InboundMailSecrets(AppDbContext db, AccountScope scope, SecretProtector protector, AuditTrail audit, TimeProvider clock)
{
    public async Task<InboundMailSecretView> GetAsync(CancellationToken ct)
    {
        var row = await db.InboundMailSecrets.AsNoTracking().FirstOrDefaultAsync(ct);
        return row is null ? new InboundMailSecretView(null, null) : new InboundMailSecretView(protector.Unprotect(row.ProtectedSecret), row.CreatedAt);
    }

    /// <summary>Makes a new secret; the old one stops working at once.</summary>
    public async Task RotateAsync(CancellationToken ct)
    {
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var row = await db.InboundMailSecrets.FirstOrDefaultAsync(ct);
        var first = row is null;
        if (row is null)
        {
            row = new InboundMailSecret { SalesAccountId = scope.AccountId!.Value };
            db.InboundMailSecrets.Add(row);
        }

        row.ProtectedSecret = protector.Protect(secret);
        row.CreatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.InboundMailSecretRotated, AuditOutcome.Succeeded, "Inbound mail webhook", first ? "Created" : "Rotated");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Whether <paramref name="presented"/> is the account's secret; enters the account when it is. An unknown account
    /// and a wrong secret look the same to the caller.
    /// </summary>
    public async Task<bool> VerifyAsync(Guid accountId, string? presented, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 200)
        {
            return false;
        }

        var row = await db.InboundMailSecrets.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(s => s.SalesAccountId == accountId, ct);
        if (row is null)
        {
            return false;
        }

        string secret;
        try
        {
            secret = protector.Unprotect(row.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            return false; // the key ring lost it: the admin rotates
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(presented)))
        {
            return false;
        }

        scope.Enter(accountId);
        return true;
    }
}
