using Microsoft.EntityFrameworkCore;
using Polly.Timeout;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

/// <summary>
/// Writes pending Email Opt Outs to Salesforce: <c>HasOptedOutOfEmail = true</c> on the person's contact or lead,
/// matched as email activities are (Salesforce id first — contact, else lead — then email address). A refusal that
/// retrying cannot fix (the record was deleted, the field is read-only for the connected user…) fails the row, shown on
/// Salesforce Diagnostics; Salesforce being unreachable or over its limits leaves it pending for the next run. Setting
/// the flag twice changes nothing, so a write whose answer was lost is simply sent again.
/// Scoped: resolve it in a scope that acts for the account.
/// </summary>
public sealed partial class EmailOptOutWriter(
    AppDbContext db,
    ISalesforceClientFactory clients,
    TimeProvider clock,
    ILogger<EmailOptOutWriter> logger)
{
    public const string Field = "HasOptedOutOfEmail";

    internal const string NoMatchReason =
        "No Salesforce contact or lead has this person's ID or email address, so Email Opt Out could not be set there. Nothing to do: the person stays unsubscribed in the Sales app.";

    internal const string RefusedReason =
        "Salesforce refused to set Email Opt Out: {0}. Check that the contact or lead still exists and that the connected Salesforce user can edit its Email Opt Out field, then click Retry.";

    private const int BatchSize = 100;

    public async Task<ActivityWriteSummary> WriteAsync(Guid accountId, CancellationToken ct)
    {
        if (!await db.EmailOptOuts.AnyAsync(o => o.SalesforceState == ActivityWriteState.Pending, ct))
        {
            return ActivityWriteSummary.Nothing;
        }

        var connectionId = await db.SalesforceConnections.AsNoTracking().Where(c => c.IsAccountConnection).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (connectionId is null)
        {
            return ActivityWriteSummary.Nothing with { StoppedBecause = "Salesforce is not connected" };
        }

        var client = clients.Create(connectionId.Value.ToString());
        int written = 0, failed = 0, skipped = 0;
        var pending = await db.EmailOptOuts.Where(o => o.SalesforceState == ActivityWriteState.Pending)
            .OrderBy(o => o.OptedOutAt).Take(BatchSize).ToListAsync(ct);
        foreach (var optOut in pending)
        {
            optOut.Attempts++;
            optOut.LastAttemptAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                if (await MatchAsync(client, optOut, ct) is not { } record)
                {
                    optOut.SalesforceState = ActivityWriteState.Skipped;
                    optOut.Reason = NoMatchReason;
                    skipped++;
                }
                else
                {
                    await client.UpdateRecordAsync(record.Type, record.Id, new Dictionary<string, object?> { [Field] = true }, ct);
                    optOut.SalesforceState = ActivityWriteState.Written;
                    optOut.SalesforceId = record.Id;
                    optOut.Reason = null;
                    optOut.ReasonDetail = null;
                    optOut.WrittenAt = clock.GetUtcNow().UtcDateTime;
                    written++;
                }
            }
            catch (SalesforceApiException e) when (e.HttpStatus is 400 or 404)
            {
                optOut.SalesforceState = ActivityWriteState.Failed;
                optOut.Reason = RefusedReason;
                optOut.ReasonDetail = Cut($"{e.ErrorCode}: {e.ErrorMessage}");
                failed++;
            }
            catch (Exception e) when (e is SalesforceApiException or HttpRequestException or TimeoutRejectedException or InvalidOperationException
                || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                // Unreachable, over its limits, or the session cannot be refreshed: this and the rest wait for the next run.
                LogWaiting(e, accountId);
                await db.SaveChangesAsync(CancellationToken.None);
                return new ActivityWriteSummary(written, failed, skipped, 0, e.Message);
            }

            await db.SaveChangesAsync(ct);
        }

        LogWritten(accountId, written, failed, skipped);
        return new ActivityWriteSummary(written, failed, skipped, 0);
    }

    private async Task<(string Type, string Id)?> MatchAsync(ISalesforceClient client, EmailOptOut optOut, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().Where(p => p.MarketoId == optOut.PersonMarketoId)
            .Select(p => new { p.SalesforceContactId, p.SalesforceLeadId }).FirstOrDefaultAsync(ct);
        if (person?.SalesforceContactId is { Length: > 0 } contact)
        {
            return ("Contact", contact);
        }

        if (person?.SalesforceLeadId is { Length: > 0 } lead)
        {
            return ("Lead", lead);
        }

        var address = optOut.Email.Trim().ToLowerInvariant();
        if (address.Length == 0)
        {
            return null;
        }

        var literal = "'" + address.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
        foreach (var sobject in new[] { "Contact", "Lead" })
        {
            await foreach (var row in client.QueryAsync($"SELECT Id FROM {sobject} WHERE Email = {literal} ORDER BY Id", cancellationToken: ct))
            {
                if (row.GetProperty("Id").GetString() is { } id)
                {
                    return (sobject, id);
                }
            }
        }

        return null;
    }

    private static string Cut(string text) => text.Length > EmailOptOut.ReasonLength ? text[..EmailOptOut.ReasonLength] : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Email Opt Outs of account {SalesAccountId}: {Written} written, {Failed} failed, {Skipped} without a Salesforce match")]
    private partial void LogWritten(Guid salesAccountId, int written, int failed, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email Opt Outs of account {SalesAccountId} wait for the next run")]
    private partial void LogWaiting(Exception exception, Guid salesAccountId);
}
