using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>
/// One run of one account's activity write-back: Marketo and Salesforce side by side, each in its own scope (its own
/// store context), so one vendor being down or slow never holds the other back and a run takes as long as the slower
/// of the two (Marketo, bound by its call limit), not their sum. Each batch's outcome is committed with the batch (the rows are the checkpoint), so a run
/// stopped at any instant resumes where it was. Scoped: resolve it in a fresh scope.
/// </summary>
public sealed partial class ActivityWriteRunner(
    AccountScope scope,
    IServiceScopeFactory scopes,
    ILogger<ActivityWriteRunner> logger)
{
    public async Task<(ActivityWriteSummary Marketo, ActivityWriteSummary Salesforce)> RunAsync(Guid accountId, CancellationToken ct)
    {
        scope.Enter(accountId);
        var toMarketo = Task.Run(() => WriteMarketoAsync(accountId, ct), ct);
        var toSalesforce = Task.Run(() => WriteSalesforceAsync(accountId, ct), ct);
        await Task.WhenAll(toMarketo, toSalesforce);
        return (await toMarketo, await toSalesforce);
    }

    private async Task<ActivityWriteSummary> WriteMarketoAsync(Guid accountId, CancellationToken ct)
    {
        await using var inner = scopes.CreateAsyncScope();
        inner.ServiceProvider.GetRequiredService<AccountScope>().Enter(accountId);
        try
        {
            return await inner.ServiceProvider.GetRequiredService<MarketoActivityWriter>().WriteAsync(accountId, ct);
        }
        catch (Exception e) when (e is MarketoApiException or HttpRequestException or InvalidOperationException or TimeoutException)
        {
            LogMarketoFailed(e, accountId);
            return ActivityWriteSummary.Nothing with { StoppedBecause = e.Message };
        }
    }

    private async Task<ActivityWriteSummary> WriteSalesforceAsync(Guid accountId, CancellationToken ct)
    {
        await using var inner = scopes.CreateAsyncScope();
        inner.ServiceProvider.GetRequiredService<AccountScope>().Enter(accountId);
        // Unsubscribes first: they are few, and they matter most (also fired at once by EmailOptOutJob; this is the retry).
        await inner.ServiceProvider.GetRequiredService<SalesEmails.EmailOptOutWriter>().WriteAsync(accountId, ct);
        return await inner.ServiceProvider.GetRequiredService<SalesforceTaskWriter>().WriteAsync(accountId, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing activities of account {SalesAccountId} to Marketo stopped; the next run continues")]
    private partial void LogMarketoFailed(Exception exception, Guid salesAccountId);
}
