using CsvHelper;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Web;
using System.Globalization;

namespace SalesInsightActions.Web.Audit;

/// <summary>The audit log page's filter; dates are whole UTC days, both ends included.</summary>
public sealed record AuditLogFilter(string? Action, AuditOutcome? Outcome, DateOnly? From, DateOnly? To);

/// <summary>One page of entries, newest first, and the cursor of the next (older) page if there is one.</summary>
public sealed record AuditLogResult(IReadOnlyList<AuditEntry> Entries, string? NextCursor);

/// <summary>Reads the account's audit trail for the audit log page: filtered, keyset-paginated, exportable to CSV.</summary>
public sealed class AuditLog(AppDbContext db)
{
    public const int PageSize = 50;

    /// <summary>Every action code and its English label (a SharedResource key).</summary>
    public static readonly IReadOnlyDictionary<string, string> ActionLabels = new Dictionary<string, string>
    {
        [AuditActions.AccountProvisioned] = "Sales account set up",
        [AuditActions.MembersInvited] = "Members invited",
        [AuditActions.InvitationRevoked] = "Invitation revoked",
        [AuditActions.InvitationResent] = "Invitation resent",
        [AuditActions.MemberRoleChanged] = "Role changed",
        [AuditActions.MemberDeactivated] = "Member deactivated",
        [AuditActions.MemberReactivated] = "Member reactivated",
        [AuditActions.MemberDeleted] = "Member deleted",
        [AuditActions.LoginSettingsChanged] = "Login settings changed",
        [AuditActions.SalesforceConnected] = "Salesforce connected",
        [AuditActions.SalesforceDisconnected] = "Salesforce disconnected",
        [AuditActions.SalesforceHandoffCreated] = "Salesforce hand-off link created",
        [AuditActions.MarketoConnected] = "Marketo connected",
        [AuditActions.MarketoDisconnected] = "Marketo disconnected",
        [AuditActions.SyncStarted] = "Sync started",
        [AuditActions.SyncPaused] = "Sync paused",
        [AuditActions.SyncResumed] = "Sync resumed",
        [AuditActions.SyncRunRequested] = "Sync run requested",
        [AuditActions.PackageChecked] = "Salesforce package checked",
        [AuditActions.ActivityWritesRetried] = "Failed writes retried",
        [AuditActions.TaskSettingsChanged] = "Salesforce Task settings changed",
        [AuditActions.SalesCampaignCreated] = "Sales campaign created",
        [AuditActions.SalesCampaignChanged] = "Sales campaign changed",
        [AuditActions.SalesCampaignArchived] = "Sales campaign archived",
        [AuditActions.SalesCampaignRestored] = "Sales campaign restored",
        [AuditActions.EmailTemplateCreated] = "Email template created",
        [AuditActions.EmailTemplateChanged] = "Email template changed",
        [AuditActions.EmailTemplateDeleted] = "Email template deleted",
    };

    public static string LabelKey(string action) => ActionLabels.TryGetValue(action, out var label) ? label : action;

    public static string OutcomeKey(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Succeeded => "Succeeded",
        AuditOutcome.Failed => "Failed",
        _ => "Refused",
    };

    public async Task<AuditLogResult> PageAsync(AuditLogFilter filter, string? cursor, CancellationToken ct = default)
    {
        var query = Filtered(filter);
        if (KeysetCursor.TryParse(cursor, out var at, out var id))
        {
            // Keyset: strictly older than the last row shown, with the id breaking ties between equal times. The bound
            // (At <= at) lets the index start at the cursor instead of reading every newer entry first.
            query = query.Where(e => e.At <= at && (e.At < at || e.Id.CompareTo(id) < 0));
        }

        var rows = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        var next = rows.Count > PageSize ? Cursor(rows[PageSize - 1]) : null;
        return new AuditLogResult(rows.Take(PageSize).ToList(), next);
    }

    /// <summary>Every matching entry as CSV (streamed), labels in the reader's language, safe to open in a spreadsheet.</summary>
    public async Task WriteCsvAsync(Stream output, AuditLogFilter filter, Func<string, string> localize, CancellationToken ct = default)
    {
        var options = new CsvWriterOptions
        {
            // A cell starting with = + - @ tab or CR gets a leading ' so a spreadsheet shows it as text instead of running it.
            Injection = CsvInjection.Escape,
            WriteByteOrderMark = true,
        };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        await csv.WriteRecordAsync(["time (UTC)", "actor", "action", "outcome", "target", "details"], ct);
        await foreach (var e in Filtered(filter).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            await csv.WriteRecordAsync(
            [
                e.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.ActorEmail ?? "",
                localize(LabelKey(e.Action)),
                localize(OutcomeKey(e.Outcome)),
                e.Target ?? "",
                e.Details ?? "",
            ], ct);
        }

        await csv.FlushAsync(ct);
    }

    private IQueryable<AuditEntry> Filtered(AuditLogFilter filter)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        if (filter.Outcome is { } outcome)
        {
            query = query.Where(e => e.Outcome == outcome);
        }

        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At < end);
        }

        return query;
    }

    private static string Cursor(AuditEntry e) => KeysetCursor.Format(e.At, e.Id);
}
