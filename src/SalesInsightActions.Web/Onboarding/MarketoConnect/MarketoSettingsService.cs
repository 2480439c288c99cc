using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Sandbox;
using SalesInsightActions.Web.Onboarding.ActionsConfig;

namespace SalesInsightActions.Web.Onboarding.MarketoConnect;

/// <summary>Why connecting Marketo did not work; each maps to a localized sentence that says what to do.</summary>
public enum MarketoConnectFailure
{
    None,
    NoActionsConfigCredentials,
    MissingFields,
    EndpointInvalid,
    OtherSubscription,
    UnknownMunchkin,
    WrongCredentials,
    Unreachable,
    NotOwner,
    NotConnected,
}

public static class MarketoConnectFailureText
{
    public static string MessageKey(this MarketoConnectFailure failure) => failure switch
    {
        MarketoConnectFailure.None => "Marketo is connected.",
        MarketoConnectFailure.NoActionsConfigCredentials => "No API credentials were verified in Actions Config yet. Enter them in Actions Config, or use the form below.",
        MarketoConnectFailure.MissingFields => "Fill in the Munchkin ID or REST endpoint, the client ID and the client secret.",
        MarketoConnectFailure.EndpointInvalid => "Enter a Munchkin ID such as 123-ABC-456, or the REST endpoint URL from Admin > Web Services in Marketo (https://…).",
        MarketoConnectFailure.OtherSubscription => "This Sales account belongs to another Marketo subscription (Munchkin ID {0}). Enter that subscription's details.",
        MarketoConnectFailure.UnknownMunchkin => "No Marketo subscription answers for Munchkin ID {0}. Check the Munchkin ID in Admin > Munchkin in Marketo.",
        MarketoConnectFailure.WrongCredentials => "Marketo refused the client ID and client secret. Copy them again from Admin > LaunchPoint > View Details in Marketo.",
        MarketoConnectFailure.Unreachable => "Marketo could not be reached at {0}. Check the REST endpoint, or try again in a few minutes.",
        MarketoConnectFailure.NotOwner => "Only the admin who connected Marketo can disconnect it.",
        MarketoConnectFailure.NotConnected => "Marketo is not connected.",
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };
}

/// <summary>The manual form's fields, as typed.</summary>
public sealed record MarketoManualInput(string? MunchkinOrEndpoint, string? ClientId, string? ClientSecret);

public sealed record MarketoConnectResult(MarketoConnectFailure Failure, string? Argument = null)
{
    public bool Succeeded => Failure == MarketoConnectFailure.None;
}

/// <summary>The connected view: what is connected, by whom, when, and today's API use (null when Marketo did not say).</summary>
public sealed record MarketoConnectionView(
    string MunchkinId, string Endpoint, string? ConnectedByEmail, DateTime ConnectedAt, bool ViewerIsOwner, long? CallsToday);

public sealed record MarketoSettingsView(MarketoConnectionView? Connection, bool HasActionsConfigCredentials, string AccountMunchkinId);

/// <summary>
/// Step 3: connects the account to Marketo with the credentials verified in Actions Config, or with ones typed in the
/// manual form. Nothing is stored until Marketo's identity service has accepted the credentials.
/// </summary>
public sealed partial class MarketoSettingsService(
    AppDbContext db,
    CurrentAccount account,
    ActionsConfigCredentialStore actionsConfig,
    MarketoConnectionStore store,
    MarketoTokenCache tokens,
    IMarketoClientFactory clients,
    AuditTrail audit,
    IOptions<SandboxOptions> sandbox,
    IHttpContextAccessor http,
    ILogger<MarketoSettingsService> logger)
{
    public async Task<MarketoSettingsView> GetAsync(Guid viewerMemberId, CancellationToken ct = default)
    {
        var info = await account.GetAsync(ct) ?? throw new InvalidOperationException("No current account.");
        var hasCredentials = await db.ActionsConfigCredentials.AnyAsync(ct);
        var row = await db.MarketoConnections.AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return new MarketoSettingsView(null, hasCredentials, info.MunchkinId);
        }

        var ownerEmail = await db.Members.Where(m => m.Id == row.ConnectedByMemberId).Select(m => m.Email).FirstOrDefaultAsync(ct);
        var callsToday = await CallsTodayAsync(ct);
        return new MarketoSettingsView(
            new MarketoConnectionView(row.MunchkinId, row.Endpoint, ownerEmail, row.ConnectedAt, row.ConnectedByMemberId == viewerMemberId, callsToday),
            hasCredentials, info.MunchkinId);
    }

    public async Task<MarketoConnectResult> ConnectFromActionsConfigAsync(Guid memberId, CancellationToken ct = default)
    {
        var stored = await actionsConfig.GetRowAsync(ct);
        var connection = await actionsConfig.GetConnectionAsync(ct);
        if (stored is null || connection is null)
        {
            return await FailedAsync(new(MarketoConnectFailure.NoActionsConfigCredentials), null, ct);
        }

        return await VerifyAndSaveAsync(connection, stored.MunchkinId, typedMunchkin: false, memberId, "Actions Config", ct);
    }

    public async Task<MarketoConnectResult> ConnectManuallyAsync(MarketoManualInput input, Guid memberId, CancellationToken ct = default)
    {
        var target = input.MunchkinOrEndpoint?.Trim();
        var clientId = input.ClientId?.Trim();
        var secret = input.ClientSecret?.Trim();
        if (string.IsNullOrEmpty(target) || string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
        {
            return new(MarketoConnectFailure.MissingFields);
        }

        var info = await account.GetAsync(ct) ?? throw new InvalidOperationException("No current account.");
        Uri endpoint;
        string munchkinId;
        var typedMunchkin = MunchkinPattern().IsMatch(target);
        if (typedMunchkin)
        {
            munchkinId = target.ToUpperInvariant();
            endpoint = SandboxEndpointFor(munchkinId) ?? new Uri($"https://{munchkinId}.mktorest.com/");
        }
        else if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.Query))
        {
            endpoint = new Uri(RestSuffix().Replace(uri.GetLeftPart(UriPartial.Path), "").TrimEnd('/') + "/");
            // A standard REST host names its subscription; other hosts (a proxy, the sandbox) are taken as the account's.
            munchkinId = endpoint.Host.EndsWith(".mktorest.com", StringComparison.OrdinalIgnoreCase)
                ? endpoint.Host[..endpoint.Host.IndexOf('.', StringComparison.Ordinal)].ToUpperInvariant()
                : info.MunchkinId;
        }
        else
        {
            return new(MarketoConnectFailure.EndpointInvalid);
        }

        if (!string.Equals(munchkinId, info.MunchkinId, StringComparison.OrdinalIgnoreCase))
        {
            return await FailedAsync(new(MarketoConnectFailure.OtherSubscription, info.MunchkinId), munchkinId, ct);
        }

        return await VerifyAndSaveAsync(new Connections.Marketo.MarketoConnection(endpoint, clientId, secret), munchkinId, typedMunchkin, memberId, "manual", ct);
    }

    public async Task<MarketoConnectResult> DisconnectAsync(Guid memberId, CancellationToken ct = default)
    {
        var row = await db.MarketoConnections.FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return new(MarketoConnectFailure.NotConnected);
        }

        if (row.ConnectedByMemberId != memberId)
        {
            await audit.RecordAsync(AuditActions.MarketoDisconnected, AuditOutcome.Refused, row.MunchkinId, "not the owner", ct);
            return new(MarketoConnectFailure.NotOwner);
        }

        db.MarketoConnections.Remove(row);
        audit.Add(AuditActions.MarketoDisconnected, AuditOutcome.Succeeded, row.MunchkinId);
        await db.SaveChangesAsync(ct);
        LogDisconnected(row.MunchkinId, memberId);
        return new(MarketoConnectFailure.None);
    }

    private async Task<MarketoConnectResult> VerifyAndSaveAsync(
        Connections.Marketo.MarketoConnection connection, string munchkinId, bool typedMunchkin, Guid memberId, string source, CancellationToken ct)
    {
        var failure = await VerifyAsync(connection, munchkinId, typedMunchkin, ct);
        if (!failure.Succeeded)
        {
            return await FailedAsync(failure, munchkinId, ct);
        }

        // Staged first so the audit entry is written in the store's SaveChanges, with the connection.
        audit.Add(AuditActions.MarketoConnected, AuditOutcome.Succeeded, munchkinId, $"source: {source}; endpoint: {connection.Endpoint}");
        await store.SaveAsync(munchkinId, connection.Endpoint, connection.ClientId, connection.ClientSecret, memberId, ct);
        LogConnected(munchkinId, memberId, source);
        return failure;
    }

    private async Task<MarketoConnectResult> VerifyAsync(Connections.Marketo.MarketoConnection connection, string munchkinId, bool typedMunchkin, CancellationToken ct)
    {
        try
        {
            await tokens.VerifyAsync(connection, ct);
            return new(MarketoConnectFailure.None);
        }
        catch (MarketoAuthenticationException e) when (e.HttpStatus is 400 or 401 or 403)
        {
            return new(MarketoConnectFailure.WrongCredentials);
        }
        catch (MarketoAuthenticationException)
        {
            // Something answered, but not Marketo's identity service (a 404 page, a proxy): the endpoint is wrong.
            return new(MarketoConnectFailure.Unreachable, connection.Endpoint.ToString());
        }
        catch (HttpRequestException e) when (typedMunchkin && e.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData })
        {
            return new(MarketoConnectFailure.UnknownMunchkin, munchkinId);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogUnreachable(connection.Endpoint.ToString(), e.Message);
            return new(MarketoConnectFailure.Unreachable, connection.Endpoint.ToString());
        }
    }

    private async Task<MarketoConnectResult> FailedAsync(MarketoConnectResult failure, string? munchkinId, CancellationToken ct)
    {
        await audit.RecordAsync(AuditActions.MarketoConnected, AuditOutcome.Failed, munchkinId, failure.Failure.ToString(), ct);
        return failure;
    }

    private async Task<long?> CallsTodayAsync(CancellationToken ct)
    {
        var connection = await store.GetAsync(ct);
        if (connection is null)
        {
            return null;
        }

        try
        {
            return (await clients.Create(connection).GetUsageAsync(ct))?.Total;
        }
        catch (Exception e) when (e is MarketoApiException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            LogUsageUnavailable(connection.MunchkinId, e.GetType().Name);
            return null;
        }
    }

    /// <summary>In sandbox mode the sandbox's Munchkin ID means the simulator mounted in this app.</summary>
    private Uri? SandboxEndpointFor(string munchkinId)
    {
        var options = sandbox.Value;
        var request = http.HttpContext?.Request;
        if (!options.Enabled || request is null || !string.Equals(munchkinId, options.MunchkinId, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{options.PathPrefix}/");
    }

    [GeneratedRegex(@"^\d{3}-[A-Za-z]{3}-\d{3}$")]
    private static partial Regex MunchkinPattern();

    [GeneratedRegex(@"/(rest(/v1)?|identity)/?$", RegexOptions.IgnoreCase)]
    private static partial Regex RestSuffix();

    [LoggerMessage(Level = LogLevel.Information, Message = "Marketo {MunchkinId} connected by member {MemberId} from {Source}")]
    private partial void LogConnected(string munchkinId, Guid memberId, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Marketo {MunchkinId} disconnected by member {MemberId}")]
    private partial void LogDisconnected(string munchkinId, Guid memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marketo unreachable at {Endpoint}: {Reason}")]
    private partial void LogUnreachable(string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marketo usage for {MunchkinId} unavailable: {ErrorType}")]
    private partial void LogUsageUnavailable(string munchkinId, string errorType);
}
