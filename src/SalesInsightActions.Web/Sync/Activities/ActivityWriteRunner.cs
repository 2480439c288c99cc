using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>
/// One run of one account's activity write-back: Marketo, then Salesforce, each on its own so one vendor being down
/// never holds the other back. Each batch's outcome is committed with the batch (the rows are the checkpoint), so a
/// run stopped at any instant resumes where it was. Scoped: resolve it in a fresh scope.
/// </summary>
public sealed partial class ActivityWriteRunner(
    AccountScope scope,
    MarketoActivityWriter marketo,
    SalesforceTaskWriter salesforce,
    ILogger<ActivityWriteRunner> logger)
{
    public async Task<(ActivityWriteSummary Marketo, ActivityWriteSummary Salesforce)> RunAsync(Guid accountId, CancellationToken ct)
    {
        scope.Enter(accountId);
        ActivityWriteSummary toMarketo;
        try
        {
            toMarketo = await marketo.WriteAsync(accountId, ct);
        }
        catch (Exception e) when (e is MarketoApiException or HttpRequestException or InvalidOperationException or TimeoutException)
        {
            LogMarketoFailed(e, accountId);
            toMarketo = ActivityWriteSummary.Nothing with { StoppedBecause = e.Message };
        }

        var toSalesforce = await salesforce.WriteAsync(accountId, ct);
        return (toMarketo, toSalesforce);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing activities of account {SalesAccountId} to Marketo stopped; the next run continues")]
    private partial void LogMarketoFailed(Exception exception, Guid salesAccountId);
}
