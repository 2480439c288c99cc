using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync;

namespace SalesInsightActions.Web.Onboarding.FieldSync;

/// <summary>A precondition of Start Sync that does not hold: what is wrong and what to do (one localized sentence).</summary>
public sealed record SyncPrecondition(string MessageKey);

public sealed record SyncStartResult(bool Started, IReadOnlyList<SyncPrecondition> Failures);

/// <summary>
/// Start Sync (step 4): checks live that everything the sync engine needs is there and works, then hands over
/// to <see cref="SyncStarter"/>. A refusal is audited with the reasons; nothing else is written.
/// </summary>
public sealed class SyncStartService(
    AppDbContext db,
    MarketoConnectionStore marketo,
    IMarketoClientFactory marketoClients,
    ISalesforceClientFactory salesforceClients,
    SyncStarter starter,
    AuditTrail audit,
    ILogger<SyncStartService> logger)
{
    public const string NoOriginalUser = "There is no original user yet. Invite the first admin from Actions Config (Send Invite) before you start the sync.";
    public const string NoSalesforce = "The Sales account is not connected to Salesforce. Connect it in Admin Settings > Salesforce > Connections & Customizations, then start the sync.";
    public const string SalesforceBroken = "Salesforce refused the Sales account's connection or could not be reached. Reconnect Salesforce in Admin Settings > Salesforce, then try again.";
    public const string NoMarketo = "Marketo is not connected. Connect it in Admin Settings > Marketo, then start the sync.";
    public const string MarketoBroken = "Marketo refused the stored API credentials or could not be reached. Reconnect Marketo in Admin Settings > Marketo, then try again.";

    public async Task<bool> IsStartedAsync(CancellationToken ct) =>
        await db.SyncStates.AnyAsync(s => s.StartedAt != null, ct);

    public async Task<IReadOnlyList<SyncPrecondition>> CheckAsync(CancellationToken ct)
    {
        var failures = new List<SyncPrecondition>();
        if (!await db.Members.AnyAsync(m => m.IsOriginalUser, ct))
        {
            failures.Add(new(NoOriginalUser));
        }

        var salesforce = await db.SalesforceConnections.AsNoTracking().FirstOrDefaultAsync(c => c.IsAccountConnection, ct);
        if (salesforce is null)
        {
            failures.Add(new(NoSalesforce));
        }
        else if (!await SalesforceWorksAsync(salesforce.Id, ct))
        {
            failures.Add(new(SalesforceBroken));
        }

        var connection = await marketo.GetAsync(ct);
        if (connection is null)
        {
            failures.Add(new(NoMarketo));
        }
        else if (!await MarketoWorksAsync(connection, ct))
        {
            failures.Add(new(MarketoBroken));
        }

        return failures;
    }

    public async Task<SyncStartResult> StartAsync(Guid? memberId, CancellationToken ct)
    {
        var failures = await CheckAsync(ct);
        if (failures.Count > 0)
        {
            await audit.RecordAsync(AuditActions.SyncStarted, AuditOutcome.Refused, "sync", string.Join(" ", failures.Select(f => f.MessageKey)), ct);
            return new(false, failures);
        }

        await starter.StartAsync(memberId, ct);
        return new(true, []);
    }

    private async Task<bool> SalesforceWorksAsync(Guid connectionId, CancellationToken ct)
    {
        try
        {
            // The cheapest authenticated call the client offers: one row of User.
            var client = salesforceClients.Create(connectionId.ToString());
            await foreach (var _ in client.QueryAsync("SELECT Id FROM User LIMIT 1", cancellationToken: ct))
            {
                break;
            }

            return true;
        }
        catch (Exception ex) when (ex is SalesforceApiException or SalesforceOAuthException or HttpRequestException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Start Sync: the account's Salesforce connection failed its check");
            return false;
        }
    }

    private async Task<bool> MarketoWorksAsync(MarketoConnection connection, CancellationToken ct)
    {
        try
        {
            await marketoClients.Create(connection).GetTokenAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is MarketoApiException or HttpRequestException)
        {
            logger.LogWarning(ex, "Start Sync: the Marketo connection failed its check");
            return false;
        }
    }
}

public static class FieldSyncSetup
{
    public static WebApplicationBuilder AddFieldSync(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FieldSyncPreviewService>();
        builder.Services.AddScoped<SyncStartService>();
        builder.Services.AddScoped<SyncStarter>();
        return builder;
    }
}
