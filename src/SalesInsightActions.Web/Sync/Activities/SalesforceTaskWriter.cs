using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Connections.Salesforce.Wire;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.People;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>
/// Writes pending activities to Salesforce as Tasks through the account's connection, ≤ 200 a call, upserted by the
/// package's External ID field so a retry after a lost answer updates the Task it created instead of making another.
/// Calls are matched by Salesforce id only (contact, else lead); an unmatched call is skipped with the reason shown.
/// Scoped: resolve it in a scope that acts for the account.
/// </summary>
public sealed partial class SalesforceTaskWriter(
    AppDbContext db,
    ISalesforceClientFactory clients,
    TaskSettingsService taskSettings,
    IOptions<ActivityWriteOptions> options,
    TimeProvider clock,
    ILogger<SalesforceTaskWriter> logger)
{
    internal const string NoSalesforceIdReason =
        "This person has no Salesforce contact or lead ID, and calls are logged in Salesforce only for people matched by ID. Nothing to do: the call stays in the Sales app and in Marketo.";

    internal const string NoSalesforceMatchReason =
        "No Salesforce contact or lead has this person's ID or email address, so no Task was logged. Nothing to do: the email stays in the Sales app and in Marketo.";

    internal const string MissingExternalIdReason =
        "Salesforce has no Task field {0}, which the Sales Insight package adds so that a retried write never makes a second Task. Install or upgrade the package (Settings → Admin Settings → Salesforce shows the checklist).";

    internal const string KindNotLoggedReason =
        "Your admins chose not to log this kind of activity as a Salesforce Task (Settings → Admin Settings → Salesforce Tasks). It stays in the Sales app and in Marketo.";

    internal const string RefusedReason = "Salesforce refused the Task: {0}";

    internal const string TypePicklistReason =
        "Salesforce refused the Task: {0}. Add the value to the Task Type picklist in Setup → Object Manager → Task → Fields & Relationships → Type.";

    public async Task<ActivityWriteSummary> WriteAsync(Guid accountId, CancellationToken ct)
    {
        if (!await db.ActivityWrites.AnyAsync(w => w.Destination == ActivityDestination.Salesforce && w.State == ActivityWriteState.Pending, ct))
        {
            return ActivityWriteSummary.Nothing;
        }

        var connectionId = await db.SalesforceConnections.AsNoTracking().Where(c => c.IsAccountConnection).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (connectionId is null)
        {
            return ActivityWriteSummary.Nothing with { StoppedBecause = "Salesforce is not connected" };
        }

        var settings = await taskSettings.LoadAsync(ct);
        var client = clients.Create(connectionId.Value.ToString());
        var externalId = options.Value.TaskExternalIdField;
        int written = 0, failed = 0, skipped = 0;
        try
        {
            var fields = (await client.DescribeAsync("Task", ct)).Fields.Where(f => f.Createable).Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            while (!ct.IsCancellationRequested)
            {
                var batch = await NextBatchAsync(options.Value.SalesforceBatchSize, ct);
                if (batch.Count == 0)
                {
                    break;
                }

                var ids = batch.Select(b => b.Activity.PersonMarketoId).Distinct().ToList();
                var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.MarketoId)).ToDictionaryAsync(p => p.MarketoId, ct);
                // Emails are matched by Salesforce id first, then by address; calls never by address (product.md).
                var byAddress = await MatchByAddressAsync(client, batch
                    .Where(b => b.Activity.Kind != SalesActivityKind.SalesCallReceived)
                    .Select(b => people.GetValueOrDefault(b.Activity.PersonMarketoId))
                    .Where(p => p is { SalesforceContactId: null, SalesforceLeadId: null } && !string.IsNullOrWhiteSpace(p.Email))
                    .Select(p => p!.Email!.Trim().ToLowerInvariant())
                    .Distinct()
                    .ToList(), ct);
                var now = clock.GetUtcNow().UtcDateTime;
                var sending = new List<(ActivityWrite Write, IReadOnlyDictionary<string, object?> Task)>();
                foreach (var (write, activity) in batch)
                {
                    write.Attempts++;
                    write.LastAttemptAt = now;
                    var person = people.GetValueOrDefault(activity.PersonMarketoId);
                    var whoId = person?.SalesforceContactId ?? person?.SalesforceLeadId
                        ?? (activity.Kind != SalesActivityKind.SalesCallReceived && person?.Email is { } address ? byAddress.GetValueOrDefault(address.Trim().ToLowerInvariant()) : null);
                    if (!settings.Logs(activity.Kind))
                    {
                        // Decided when written, not when recorded: the setting in force is the one that counts.
                        write.State = ActivityWriteState.Skipped;
                        write.Reason = KindNotLoggedReason;
                        skipped++;
                    }
                    else if (whoId is null)
                    {
                        write.State = ActivityWriteState.Skipped;
                        write.Reason = activity.Kind == SalesActivityKind.SalesCallReceived ? NoSalesforceIdReason : NoSalesforceMatchReason;
                        skipped++;
                    }
                    else if (!fields.Contains(externalId))
                    {
                        write.State = ActivityWriteState.Failed;
                        write.Reason = MissingExternalIdReason;
                        write.ReasonDetail = externalId;
                        failed++;
                    }
                    else
                    {
                        sending.Add((write, ToTask(activity, whoId, fields, settings)));
                    }
                }

                if (sending.Count > 0)
                {
                    var results = await client.UpsertCollectionAsync("Task", externalId, [.. sending.Select(s => s.Task)], cancellationToken: ct);
                    for (var i = 0; i < sending.Count; i++)
                    {
                        var write = sending[i].Write;
                        var result = i < results.Count ? results[i] : null;
                        if (result is { Success: true, Id: { } taskId })
                        {
                            write.State = ActivityWriteState.Written;
                            write.VendorId = taskId;
                            write.Reason = null;
                            write.ReasonDetail = null;
                            write.WrittenAt = clock.GetUtcNow().UtcDateTime;
                            written++;
                        }
                        else if (result?.Errors?.FirstOrDefault() is { StatusCode: "UNABLE_TO_LOCK_ROW" or "ALL_OR_NONE_OPERATION_ROLLED_BACK" })
                        {
                            // Not the record's fault: it goes with the next run.
                        }
                        else
                        {
                            var error = result?.Errors?.FirstOrDefault();
                            write.State = ActivityWriteState.Failed;
                            write.Reason = error?.StatusCode == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST" && error.Fields?.Contains("Type") == true ? TypePicklistReason : RefusedReason;
                            write.ReasonDetail = Cut(error is null ? "no result for this Task" : $"{error.StatusCode}: {error.Message}");
                            failed++;
                        }
                    }
                }

                await db.SaveChangesAsync(ct);
                // Settled rows leave the tracker, so each batch costs the same however many came before it.
                db.ChangeTracker.Clear();
                LogBatch(accountId, batch.Count, written, failed, skipped);
                if (sending.Count > 0 && batch.All(b => b.Write.State == ActivityWriteState.Pending))
                {
                    // Nothing in this batch could be settled; try again at the next run rather than spin.
                    break;
                }
            }
        }
        catch (Exception e) when (e is SalesforceApiException or HttpRequestException or TimeoutRejectedException or InvalidOperationException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Upserts are idempotent: whatever was in flight is simply sent again by the next run.
            LogRunFailed(e, accountId);
            db.ChangeTracker.Clear();
            return new ActivityWriteSummary(written, failed, skipped, 0, e.Message);
        }

        return new ActivityWriteSummary(written, failed, skipped, 0);
    }

    private IReadOnlyDictionary<string, object?> ToTask(SalesActivity activity, string whoId, HashSet<string> fields, TaskSettingsView settings)
    {
        var payload = activity.Read();
        var isCall = activity.Kind == SalesActivityKind.SalesCallReceived;
        var template = settings.TemplateFor(activity.Kind);
        var task = new Dictionary<string, object?>
        {
            [options.Value.TaskExternalIdField] = activity.Id.ToString("N"),
            ["WhoId"] = whoId,
            ["Subject"] = TaskSubject.Render(template, activity.Kind, payload),
            ["ActivityDate"] = SalesforceTask.FormatDate(DateOnly.FromDateTime(activity.OccurredAt)),
            ["Status"] = "Completed",
            ["Priority"] = "Normal",
            ["Type"] = activity.Kind switch
            {
                SalesActivityKind.SalesCallReceived => "Call",
                SalesActivityKind.RepliedToSalesEmail => "Reply",
                _ => "Email",
            },
        };
        if (payload.Notes is not null)
        {
            task["Description"] = payload.Notes;
        }

        // The package's custom fields, and the standard call fields, only where the org has them.
        void Optional(string field, object? value)
        {
            if (value is not null && fields.Contains(field))
            {
                task[field] = value;
            }
        }

        if (isCall)
        {
            Optional("CallDurationInSeconds", payload.CallDurationSeconds);
            Optional("CallDisposition", payload.CallOutcome);
            Optional("mkto_si__Call_Outcome__c", payload.CallOutcome);
            Optional("mkto_si__Call_Reason__c", payload.CallReason);
        }

        Optional("mkto_si__Sales_Campaign__c", payload.CampaignName);
        Optional("mkto_si__Email_Template__c", payload.TemplateName);
        return task;
    }

    /// <summary>Contacts, then leads, by email address (lower case) → their id; the first of several with one address wins.</summary>
    private static async Task<Dictionary<string, string>> MatchByAddressAsync(ISalesforceClient client, List<string> addresses, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var sobject in new[] { "Contact", "Lead" })
        {
            foreach (var chunk in addresses.Where(a => !found.ContainsKey(a)).Chunk(100))
            {
                var list = string.Join(",", chunk.Select(a => "'" + a.Replace("\\", "\\\\").Replace("'", "\\'") + "'"));
                await foreach (var row in client.QueryAsync($"SELECT Id, Email FROM {sobject} WHERE Email IN ({list}) ORDER BY Id", cancellationToken: ct))
                {
                    if (row.TryGetProperty("Email", out var email) && email.GetString() is { } address && row.GetProperty("Id").GetString() is { } id)
                    {
                        found.TryAdd(address, id);
                    }
                }
            }
        }

        return found;
    }

    private async Task<List<(ActivityWrite Write, SalesActivity Activity)>> NextBatchAsync(int size, CancellationToken ct)
    {
        var writes = await db.ActivityWrites
            .Where(w => w.Destination == ActivityDestination.Salesforce && w.State == ActivityWriteState.Pending)
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.ActivityId)
            .Take(size)
            .ToListAsync(ct);
        var ids = writes.Select(w => w.ActivityId).ToList();
        var activities = await db.SalesActivities.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return [.. writes.Select(w => (w, activities[w.ActivityId]))];
    }

    private static string Cut(string text) => text.Length > ActivityWrite.ReasonLength ? text[..ActivityWrite.ReasonLength] : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Salesforce Tasks of account {SalesAccountId}: batch of {BatchSize}; {Written} written, {Failed} failed, {Skipped} skipped so far")]
    private partial void LogBatch(Guid salesAccountId, int batchSize, int written, int failed, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Salesforce Tasks of account {SalesAccountId} wait for the next run")]
    private partial void LogRunFailed(Exception exception, Guid salesAccountId);
}
