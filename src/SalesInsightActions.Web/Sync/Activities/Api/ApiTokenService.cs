using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Web.Sync.Activities.Api;

public sealed record ApiTokenSummary(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Who a token acts for.</summary>
public sealed record ApiTokenOwner(Guid TokenId, Guid AccountId, Guid MemberId, string MemberEmail);

/// <summary>A member's personal API tokens: created (shown once), listed, revoked, and checked on each API call.</summary>
public sealed partial class ApiTokenService(AppDbContext db, TimeProvider clock, ILogger<ApiTokenService> logger)
{
    public const int MaxActiveTokens = 10;

    /// <summary>The new token in clear (the only time it exists outside the caller), or the refusal (a SharedResource key).</summary>
    public async Task<(string? Token, string? Refusal)> CreateAsync(Guid memberId, string? name, CancellationToken ct)
    {
        var clean = name?.Trim() ?? "";
        if (clean.Length == 0 || clean.Length > ApiToken.NameLength || clean.Any(char.IsControl))
        {
            return (null, "Give the token a name of 1 to 100 characters, such as the program that will use it.");
        }

        if (await db.Set<ApiToken>().CountAsync(t => t.MemberId == memberId && t.RevokedAt == null, ct) >= MaxActiveTokens)
        {
            return (null, "You already have 10 active tokens. Revoke one you no longer use, then create the new one.");
        }

        var token = ApiToken.Scheme + Base64Url(RandomNumberGenerator.GetBytes(32));
        db.Add(new ApiToken
        {
            MemberId = memberId,
            Name = clean,
            Prefix = token[..12],
            Hash = ApiToken.HashOf(token),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return (token, null);
    }

    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(Guid memberId, CancellationToken ct) =>
        await db.Set<ApiToken>().AsNoTracking().Where(t => t.MemberId == memberId)
            .OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.CreatedAt)
            .Select(t => new ApiTokenSummary(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);

    /// <summary>False when the member has no such active token.</summary>
    public async Task<bool> RevokeAsync(Guid memberId, Guid tokenId, CancellationToken ct)
    {
        var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == tokenId && t.MemberId == memberId && t.RevokedAt == null, ct);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The owner of an active token whose member is still active, or null. Runs before any account is in scope, so it
    /// looks the hash up across accounts (the hash is unique) and checks the member in that token's own account.
    /// </summary>
    public async Task<ApiTokenOwner?> AuthenticateAsync(string token, CancellationToken ct)
    {
        if (!token.StartsWith(ApiToken.Scheme, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        var hash = ApiToken.HashOf(token);
        var found = await db.Set<ApiToken>().IgnoreQueryFilters()
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Join(db.Members.IgnoreQueryFilters(), t => new { t.SalesAccountId, Id = t.MemberId }, m => new { m.SalesAccountId, m.Id },
                (t, m) => new { t.Id, t.SalesAccountId, t.MemberId, m.Email, m.Status, t.LastUsedAt })
            .FirstOrDefaultAsync(ct);
        if (found is null || found.Status != MemberStatus.Active)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (found.LastUsedAt is null || now - found.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            // At most once a minute per token: "last used" for the member, without a write on every call.
            await db.Set<ApiToken>().IgnoreQueryFilters()
                .Where(t => t.SalesAccountId == found.SalesAccountId && t.Id == found.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }

        LogAuthenticated(found.SalesAccountId, found.MemberId, found.Id);
        return new ApiTokenOwner(found.Id, found.SalesAccountId, found.MemberId, found.Email);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(Level = LogLevel.Debug, Message = "API token {TokenId} of member {MemberId} (account {SalesAccountId}) authenticated")]
    private partial void LogAuthenticated(Guid salesAccountId, Guid memberId, Guid tokenId);
}
