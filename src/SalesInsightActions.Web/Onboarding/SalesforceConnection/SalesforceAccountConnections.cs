using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Connections.Salesforce.Wire;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Security;
using SalesInsightActions.Web.Onboarding.SalesforcePackage;
using SalesInsightActions.Web.Users.Invitations;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Onboarding.SalesforceConnection;

public sealed record AccountConnectionView(
    Guid Id, string OrganizationId, string InstanceUrl, string Username, bool IsSandbox, DateTime ConnectedAt, string? ConnectedBy);

public sealed record PendingHandoffView(Guid Id, bool IsSandbox, string? CreatedBy, DateTime CreatedAt, DateTime ExpiresAt);

public sealed record SalesforceSettingsView(AccountConnectionView? Connection, IReadOnlyList<PendingHandoffView> PendingHandoffs);

public enum HandoffLinkState
{
    Valid,
    Unknown,
    Expired,
    Used,
    Revoked,
}

/// <summary>What the hand-off page shows before the Salesforce admin starts.</summary>
public sealed record HandoffLinkView(HandoffLinkState State, string? AccountName, bool IsSandbox, DateTime? ExpiresAt);

/// <summary>The end of a connect flow: success (and, for a hand-off, the package check made right after), or what went wrong and what to do.</summary>
public sealed record ConnectOutcome(bool Succeeded, bool ViaHandoff, string BackUrl, string? ErrorKey = null, string[]? ErrorArgs = null, Guid? PackageCheckId = null);

/// <summary>
/// Step 2: the Sales account's own Salesforce connection (the one sync and Task writes use), made by an admin from
/// Settings → Admin Settings → Salesforce, or by a Salesforce admin who is not a member through a hand-off link.
/// The browser half of OAuth is <see cref="SalesforceOAuthFlow"/> (shared with sign-in) on a callback of its own.
/// </summary>
public sealed class SalesforceAccountConnections(
    AppDbContext db,
    SalesforceOAuthFlow flows,
    ISalesforceOAuthClient oauth,
    ISalesforceClientFactory clients,
    SecretProtector secrets,
    AuditTrail audit,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<SalesforceAccountConnections> logger)
{
    public const string CallbackPath = "/settings/salesforce/callback";
    public static readonly TimeSpan HandoffLifetime = TimeSpan.FromDays(7);
    private const string CookieName = "sia.sf-connect";
    private const string AdminPurpose = "ConnectAccount";
    private const string HandoffPurpose = "ConnectAccountHandoff";
    private const string SettingsUrl = "/settings/salesforce";

    public async Task<SalesforceSettingsView> GetAsync(CancellationToken ct)
    {
        var connection = await db.SalesforceConnections.AsNoTracking().Where(c => c.IsAccountConnection)
            .Select(c => new AccountConnectionView(c.Id, c.OrganizationId, c.InstanceUrl, c.Username, c.IsSandboxOrg, c.ConnectedAt, c.ConnectedByEmail))
            .FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.SalesforceHandoffLinks.AsNoTracking()
            .Where(l => l.UsedAt == null && l.RevokedAt == null && l.ExpiresAt > now)
            .OrderByDescending(l => l.CreatedAt)
            .Select(l => new PendingHandoffView(l.Id, l.IsSandbox, l.CreatedByEmail, l.CreatedAt, l.ExpiresAt))
            .ToListAsync(ct);
        return new SalesforceSettingsView(connection, pending);
    }

    /// <summary>An admin's Connect → OK: where to send the browser (Salesforce's authorize page).</summary>
    public Uri StartAsAdmin(HttpContext http, bool sandbox) =>
        flows.Start(http, CookieName, AdminPurpose, http.User.MemberId()?.ToString(), SettingsUrl, CallbackPath, sandbox);

    public async Task<string> CreateHandoffAsync(bool sandbox, ClaimsPrincipal admin, Func<string, Uri> linkFor, CancellationToken ct)
    {
        var token = InvitationToken.New();
        var now = clock.GetUtcNow().UtcDateTime;
        var link = new SalesforceHandoffLink
        {
            TokenHash = InvitationToken.Hash(token),
            IsSandbox = sandbox,
            CreatedByMemberId = admin.MemberId(),
            CreatedByEmail = admin.Identity?.Name,
            CreatedAt = now,
            ExpiresAt = now + HandoffLifetime,
        };
        db.SalesforceHandoffLinks.Add(link);
        audit.Add(AuditActions.SalesforceHandoffCreated, AuditOutcome.Succeeded, "Salesforce", $"{(sandbox ? "Sandbox" : "Production")}, expires {link.ExpiresAt:u}");
        await db.SaveChangesAsync(ct);
        return linkFor(token).ToString();
    }

    public async Task<bool> RevokeHandoffAsync(Guid id, CancellationToken ct)
    {
        var link = await db.SalesforceHandoffLinks.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (link is null || !link.IsPending(clock.GetUtcNow().UtcDateTime))
        {
            return false;
        }

        link.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.SalesforceHandoffCreated, AuditOutcome.Refused, "Salesforce", "Hand-off link revoked");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Anonymous: what a hand-off link is for, or why it cannot be used.</summary>
    public async Task<HandoffLinkView> FindHandoffAsync(string? token, CancellationToken ct)
    {
        var found = await FindLinkAsync(token, ct);
        if (found is null)
        {
            return new HandoffLinkView(HandoffLinkState.Unknown, null, false, null);
        }

        var (link, accountName) = found.Value;
        return new HandoffLinkView(StateOf(link), accountName, link.IsSandbox, link.ExpiresAt);
    }

    /// <summary>Anonymous: the hand-off page's Continue; null when the link cannot be used.</summary>
    public async Task<Uri?> StartHandoffAsync(HttpContext http, string token, CancellationToken ct)
    {
        var found = await FindLinkAsync(token, ct);
        if (found is null || StateOf(found.Value.Link) != HandoffLinkState.Valid)
        {
            return null;
        }

        return flows.Start(http, CookieName, HandoffPurpose, token, "/connect/salesforce/" + token, CallbackPath, found.Value.Link.IsSandbox);
    }

    /// <summary>Salesforce redirected back: exchange the code, check API access, store the account connection.</summary>
    public async Task<ConnectOutcome> CompleteAsync(HttpContext http, string? code, string? state, string? error, string? errorDescription, CancellationToken ct)
    {
        var flow = flows.Take(http, CookieName, state);
        if (flow is null)
        {
            return Fail(SettingsUrl, false, "This Salesforce connection could not be finished: it took longer than 15 minutes, was started in another browser, or this page was opened twice. Nothing was changed. Start again.");
        }

        var viaHandoff = flow.Purpose == HandoffPurpose;
        var back = flow.ReturnUrl;
        if (!viaHandoff && (flow.Context is null || flow.Context != http.User.MemberId()?.ToString()))
        {
            return Fail(back, false, "This Salesforce connection was started by someone else or before you signed in again. Nothing was changed. Start again.");
        }

        if (!string.IsNullOrEmpty(error))
        {
            return error == "access_denied"
                ? Fail(back, viaHandoff, "You did not allow Sales Insight Actions to use Salesforce, so nothing was connected. To connect, start again and choose Allow.")
                : Fail(back, viaHandoff, "We were unable to authenticate your request with Salesforce (Salesforce said: {0}). The Sales Insight Actions connected app may be blocked in this org: a Salesforce admin can unblock it under Setup → Apps → Connected Apps → Connected Apps OAuth Usage. Then start again.",
                    string.IsNullOrWhiteSpace(errorDescription) ? error : $"{error}, {errorDescription}");
        }

        if (string.IsNullOrEmpty(code))
        {
            return Fail(back, viaHandoff, "Salesforce sent no authorization code. Start again.");
        }

        SalesforceTokens tokens;
        SalesforceIdentity identity;
        try
        {
            tokens = await oauth.ExchangeCodeAsync(flow.ToAuthorizationRequest(), code, ct);
            identity = await oauth.GetIdentityAsync(tokens, ct);
        }
        catch (SalesforceOAuthException ex) when (ex.Error == "invalid_grant")
        {
            return Fail(back, viaHandoff, "Salesforce did not accept the sign-in code: it expired or was already used (a code works once, for 15 minutes). Nothing was changed. Start again.");
        }
        catch (Exception ex) when (ex is SalesforceOAuthException or SalesforceApiException or HttpRequestException)
        {
            logger.LogWarning(ex, "Salesforce account connection: code exchange failed");
            return Fail(back, viaHandoff, "We were unable to authenticate your request with Salesforce (Salesforce said: {0}). The Sales Insight Actions connected app may be blocked in this org: a Salesforce admin can unblock it under Setup → Apps → Connected Apps → Connected Apps OAuth Usage. Then start again.",
                ex is SalesforceOAuthException o ? o.Error : ex.GetType().Name);
        }

        if (tokens.OrganizationId is null || tokens.UserId is null)
        {
            return Fail(back, viaHandoff, "Salesforce did not say which org and user signed in. Start again.");
        }

        try
        {
            // The account connection is only useful with API access: check before storing anything.
            await clients.Create(tokens).DescribeAsync("User", ct);
        }
        catch (Exception ex) when (SalesforcePackageChecker.IsApiDisabledError(ex))
        {
            await RevokeQuietlyAsync(tokens, ct);
            return Fail(back, viaHandoff, "Salesforce says API access is not enabled ({0}), so the Sales account cannot use this org. The org's edition must include the API (Enterprise, Unlimited, Performance or Developer Edition) and the connecting user's profile needs API Enabled (Setup → Users → Profiles → System Permissions). Nothing was connected; fix this, then start again.",
                ((SalesforceApiException)ex).ErrorCode);
        }
        catch (Exception ex) when (ex is SalesforceApiException or SalesforceOAuthException or HttpRequestException)
        {
            logger.LogWarning(ex, "Salesforce account connection: the API check failed");
            return Fail(back, viaHandoff, "Salesforce could not be reached to finish the connection. Nothing was connected. Try again in a few minutes.");
        }

        return viaHandoff
            ? await CompleteHandoffAsync(flow, back, tokens, identity, ct)
            : await CompleteAdminAsync(http, tokens, identity, flow.UseSandbox, ct);
    }

    private async Task<ConnectOutcome> CompleteAdminAsync(HttpContext http, SalesforceTokens tokens, SalesforceIdentity identity, bool sandbox, CancellationToken ct)
    {
        await SaveAsync(db, audit, tokens, identity, sandbox, http.User.MemberId(), http.User.Identity?.Name, null, ct);
        return new ConnectOutcome(true, false, SettingsUrl);
    }

    private async Task<ConnectOutcome> CompleteHandoffAsync(SalesforceOAuthFlowState flow, string back, SalesforceTokens tokens, SalesforceIdentity identity, CancellationToken ct)
    {
        var found = await FindLinkAsync(flow.Context, ct);
        if (found is null || StateOf(found.Value.Link) != HandoffLinkState.Valid)
        {
            await RevokeQuietlyAsync(tokens, ct);
            return Fail(back, true, "This hand-off link was used, revoked or has expired, so nothing was connected. Ask an admin of the Sales account for a new link.");
        }

        // The hand-off user is not signed in: act for the link's account in a scope of our own.
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(found.Value.Link.SalesAccountId);
        var scopedDb = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var scopedAudit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var link = await scopedDb.SalesforceHandoffLinks.SingleAsync(l => l.Id == found.Value.Link.Id, ct);
        var salesforceUser = identity.Username ?? identity.Email ?? tokens.UserId!;
        link.UsedAt = clock.GetUtcNow().UtcDateTime;
        link.UsedBy = salesforceUser;
        await SaveAsync(scopedDb, scopedAudit, tokens, identity, link.IsSandbox, null, $"{salesforceUser} (hand-off link)", salesforceUser, ct);

        var check = await scope.ServiceProvider.GetRequiredService<SalesforcePackageChecker>().CheckAsync(null, salesforceUser, ct);
        return new ConnectOutcome(true, true, back, PackageCheckId: check?.Id);
    }

    /// <summary>Replaces the account connection (one per account) with the new tokens, audited in the same transaction.</summary>
    private async Task SaveAsync(AppDbContext store, AuditTrail trail, SalesforceTokens tokens, SalesforceIdentity identity, bool sandbox,
        Guid? memberId, string? connectedBy, string? auditActorEmail, CancellationToken ct)
    {
        var old = await store.SalesforceConnections.Where(c => c.IsAccountConnection).ToListAsync(ct);
        foreach (var previous in old)
        {
            await RevokeQuietlyAsync(TokensOf(previous), ct);
        }

        store.SalesforceConnections.RemoveRange(old);
        if (old.Count > 0)
        {
            // The unique (org, user, kind) index would see the old and new rows together otherwise.
            await store.SaveChangesAsync(ct);
        }

        var connection = new MemberSalesforceConnection
        {
            IsAccountConnection = true,
            MemberId = null,
            ConnectedByMemberId = memberId,
            ConnectedByEmail = connectedBy,
            IsSandboxOrg = sandbox,
            InstanceUrl = "",
            OrganizationId = tokens.OrganizationId!,
            SalesforceUserId = tokens.UserId!,
            Username = identity.Username ?? identity.Email ?? tokens.UserId!,
            ProtectedAccessToken = "",
            ConnectedAt = clock.GetUtcNow().UtcDateTime,
        };
        SalesforceTokenStore.Apply(connection, tokens, secrets);
        store.SalesforceConnections.Add(connection);
        trail.Add(AuditActions.SalesforceConnected, AuditOutcome.Succeeded, connection.OrganizationId,
            $"{(sandbox ? "Sandbox" : "Production")} org {connection.OrganizationId}, {connection.InstanceUrl}, Salesforce user {connection.Username}",
            actorMemberId: memberId, actorEmail: auditActorEmail);
        await store.SaveChangesAsync(ct);
        logger.LogInformation("Sales account connected Salesforce org {SalesforceOrgId} as user {SalesforceUserId}", tokens.OrganizationId, tokens.UserId);
    }

    /// <summary>Disconnect: revoke at Salesforce (best effort: a token already revoked there is fine), then remove the row.</summary>
    public async Task<bool> DisconnectAsync(CancellationToken ct)
    {
        var connection = await db.SalesforceConnections.FirstOrDefaultAsync(c => c.IsAccountConnection, ct);
        if (connection is null)
        {
            return false;
        }

        var revoked = await RevokeQuietlyAsync(TokensOf(connection), ct);
        db.SalesforceConnections.Remove(connection);
        audit.Add(AuditActions.SalesforceDisconnected, AuditOutcome.Succeeded, connection.OrganizationId,
            revoked ? "Token revoked at Salesforce" : "Salesforce did not confirm the revocation; the connection was removed here");
        await db.SaveChangesAsync(ct);
        return true;
    }

    private SalesforceTokens TokensOf(MemberSalesforceConnection row) => SalesforceTokenStore.Read(row, secrets);

    private async Task<bool> RevokeQuietlyAsync(SalesforceTokens tokens, CancellationToken ct)
    {
        try
        {
            await oauth.RevokeAsync(tokens, ct);
            return true;
        }
        catch (Exception ex) when (ex is SalesforceOAuthException or HttpRequestException)
        {
            logger.LogWarning(ex, "Salesforce did not revoke a token of org {SalesforceOrgId}", tokens.OrganizationId);
            return false;
        }
    }

    private async Task<(SalesforceHandoffLink Link, string AccountName)?> FindLinkAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = InvitationToken.Hash(token);
        // Anonymous: the link itself says which account it is for.
        var found = await db.SalesforceHandoffLinks.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.TokenHash == hash)
            .Join(db.SalesAccounts, l => l.SalesAccountId, a => a.Id, (l, a) => new { Link = l, a.Name })
            .FirstOrDefaultAsync(ct);
        return found is null ? null : (found.Link, found.Name);
    }

    private HandoffLinkState StateOf(SalesforceHandoffLink link) =>
        link.RevokedAt is not null ? HandoffLinkState.Revoked
        : link.UsedAt is not null ? HandoffLinkState.Used
        : link.ExpiresAt <= clock.GetUtcNow().UtcDateTime ? HandoffLinkState.Expired
        : HandoffLinkState.Valid;

    private static ConnectOutcome Fail(string back, bool viaHandoff, string key, params string[] args) => new(false, viaHandoff, back, key, args);
}
