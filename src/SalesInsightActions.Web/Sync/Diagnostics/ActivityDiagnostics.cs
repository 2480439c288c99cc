using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Caching.Memory;
using Quartz;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Database;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Sync.Scheduling;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace SalesInsightActions.Web.Sync.Diagnostics;

/// <summary>
/// One kind of failure: every failed write with the same reason (a SharedResource key that says what happened and
/// what to do). <see cref="Id"/> is a short, stable digest of the reason so a group can be named in a URL.
/// </summary>
public sealed record DiagnosticGroup(string Id, string Reason, string? SampleDetail, int Count);

/// <summary>One failed write: the activity, the person it is about, and the vendor's own words.</summary>
public sealed record DiagnosticRow(
    Guid ActivityId, SalesActivityKind Kind, DateTime OccurredAt, long PersonMarketoId, string? PersonName, string? PersonEmail,
    string Reason, string? ReasonDetail, int Attempts, DateTime? LastAttemptAt, DateTime CreatedAt);

public sealed record DiagnosticsPage(
    ActivityDestination Destination, IReadOnlyList<DiagnosticGroup> Groups, int Total, DiagnosticGroup? Selected, IReadOnlyList<DiagnosticRow> Rows, string? NextCursor,
    DateTime CountedAt,
    IReadOnlyList<OptOutFailure>? OptOuts = null);

/// <summary>An unsubscribe whose Email Opt Out Salesforce refused (Salesforce Diagnostics only).</summary>
public sealed record OptOutFailure(long PersonMarketoId, string? PersonName, string Email, string Reason, string? ReasonDetail, int Attempts, DateTime OptedOutAt);

/// <summary>Failed writes per destination, exact up to <see cref="ActivityDiagnostics.CountCap"/>; above it the count stops there.</summary>
public sealed record DiagnosticsCounts(int MarketoFailed, int SalesforceFailed)
{
    public static bool IsCapped(int count) => count > ActivityDiagnostics.CountCap;
}

/// <summary>
/// The Salesforce and Marketo Diagnostics pages: writes that failed for a reason retrying cannot fix, grouped by
/// reason (modelled on the best peers' sync-error pages: count, plain explanation and fix per group), a record or a
/// whole group sent again after the admin fixed the cause, and the list exported to CSV.
/// Retrying only moves rows back to <see cref="ActivityWriteState.Pending"/>: the write job is the one place that
/// talks to the vendors, so a retry gets the same batching, limits, read-back and exactly-once handling.
/// </summary>
public sealed class ActivityDiagnostics(AppDbContext db, AccountScope scope, AuditTrail audit, ISchedulerFactory schedulers, IMemoryCache cache, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>The sync page counts failed writes exactly up to here: it is on every admin's screen, so its cost must not grow with a backlog.</summary>
    public const int CountCap = 1_000;

    /// <summary>
    /// How long a destination's groups are reused. Grouping reads every failed write; with a large backlog and many admins
    /// on the page that is the one query whose cost grows with the data. The cache key holds the failed count up to
    /// <see cref="ExactGroupsUpTo"/> (cheap to read) and this instance's retries: a retry here, or any new failure or
    /// retry while the backlog is small, regroups at once; a larger backlog is regrouped at most once per interval and
    /// account on each instance, and the page says when it was counted.
    /// </summary>
    public static readonly TimeSpan GroupsFreshFor = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Up to this many failed writes the groups follow every change at once. Counting them is an index range read on
    /// every view of the page, so it is kept short: counting to 1,000 was the page's largest query at scale.
    /// </summary>
    public const int ExactGroupsUpTo = 100;

    /// <summary>True when the page's groups are refreshed every <see cref="GroupsFreshFor"/> rather than at every change.</summary>
    public static bool GroupsRefreshedPeriodically(int failed) => failed > ExactGroupsUpTo;

    public static string GroupId(string reason) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(reason)))[..12].ToLowerInvariant();

    public async Task<DiagnosticsCounts> CountsAsync(CancellationToken ct)
    {
        // Each count stops one past the cap: an index range of at most CountCap + 1 entries, however large the backlog.
        var marketo = await FailedUpToCap.For(db)(db, ActivityDestination.Marketo, ct);
        var salesforce = await FailedUpToCap.For(db)(db, ActivityDestination.Salesforce, ct);
        var optOuts = await db.EmailOptOuts.CountAsync(o => o.SalesforceState == ActivityWriteState.Failed, ct);
        return new DiagnosticsCounts(marketo, salesforce + optOuts);
    }

    public async Task<DiagnosticsPage> PageAsync(ActivityDestination destination, string? groupId, string? cursor, CancellationToken ct)
    {
        var (groups, countedAt) = await CachedGroupsAsync(destination, ct);
        var selected = groupId is null ? null : groups.FirstOrDefault(g => g.Id == groupId);
        if (!KeysetCursor.TryParse(cursor, out var createdAt, out var activityId))
        {
            (createdAt, activityId) = (FirstPage, Guid.Empty);
        }

        var page = selected is null ? PageOfAll : PageOfGroup;
        var rows = await page.For(db)(db, destination, selected?.Reason ?? "", createdAt, activityId).ToListAsync(ct);
        var next = rows.Count > PageSize ? Cursor(rows[PageSize - 1]) : null;
        List<OptOutFailure> optOuts = destination != ActivityDestination.Salesforce ? [] : await (
            from o in db.EmailOptOuts.AsNoTracking().Where(o => o.SalesforceState == ActivityWriteState.Failed)
            from p in db.People.AsNoTracking().Where(p => p.SalesAccountId == o.SalesAccountId && p.MarketoId == o.PersonMarketoId).DefaultIfEmpty()
            orderby o.OptedOutAt descending
            select new OptOutFailure(o.PersonMarketoId, p == null ? null : ((p.FirstName ?? "") + " " + (p.LastName ?? "")).Trim(), o.Email,
                o.Reason ?? "", o.ReasonDetail, o.Attempts, o.OptedOutAt)).Take(PageSize).ToListAsync(ct);
        return new DiagnosticsPage(destination, groups, groups.Sum(g => g.Count), selected, [.. rows.Take(PageSize)], next, countedAt, optOuts);
    }

    /// <summary>Sends a refused Email Opt Out again, at once. False when it is no longer failed.</summary>
    public async Task<bool> RetryOptOutAsync(long personMarketoId, CancellationToken ct)
    {
        var optOut = await db.EmailOptOuts.FirstOrDefaultAsync(o => o.PersonMarketoId == personMarketoId && o.SalesforceState == ActivityWriteState.Failed, ct);
        if (optOut is null)
        {
            return false;
        }

        optOut.SalesforceState = ActivityWriteState.Pending;
        optOut.Reason = null;
        optOut.ReasonDetail = null;
        audit.Add(AuditActions.ActivityWritesRetried, target: "Salesforce", details: $"Email Opt Out of person {personMarketoId}");
        await db.SaveChangesAsync(ct);
        var scheduler = await schedulers.GetScheduler(ct);
        await EmailOptOutJob.TriggerNowAsync(scheduler, scope.AccountId ?? throw new InvalidOperationException("No account in scope."), ct);
        return true;
    }

    /// <summary>Sends one failed write again. False when it is no longer failed (already retried, or written since).</summary>
    public async Task<bool> RetryAsync(ActivityDestination destination, Guid activityId, CancellationToken ct)
    {
        var write = await db.ActivityWrites.FirstOrDefaultAsync(
            w => w.Destination == destination && w.ActivityId == activityId && w.State == ActivityWriteState.Failed, ct);
        if (write is null)
        {
            return false;
        }

        Reset(write);
        audit.Add(AuditActions.ActivityWritesRetried, target: destination.ToString(), details: $"1 write ({write.Reason})");
        await db.SaveChangesAsync(ct);
        Regroup(destination);
        await TriggerAsync(ct);
        return true;
    }

    /// <summary>Sends every failed write of one group again; the number sent back to the queue (0 if the group is gone).</summary>
    public async Task<int> RetryGroupAsync(ActivityDestination destination, string groupId, CancellationToken ct)
    {
        var group = (await GroupsAsync(destination, ct)).FirstOrDefault(g => g.Id == groupId);
        if (group is null)
        {
            return 0;
        }

        // Loaded and saved through EF (not a bulk UPDATE) so the account filter and the audit entry share one transaction.
        // A group is bounded by what failed, which the admin is about to fix; thousands of rows load in well under a second.
        var writes = await Failed().AsTracking().Where(w => w.Destination == destination && w.Reason == group.Reason).ToListAsync(ct);
        foreach (var write in writes)
        {
            Reset(write);
        }

        audit.Add(AuditActions.ActivityWritesRetried, target: destination.ToString(), details: $"{writes.Count} writes ({group.Reason})");
        await db.SaveChangesAsync(ct);
        Regroup(destination);
        await TriggerAsync(ct);
        return writes.Count;
    }

    /// <summary>Every failed write to <paramref name="destination"/> as CSV (streamed), reasons in the reader's language.</summary>
    public async Task WriteCsvAsync(ActivityDestination destination, Stream output, Func<string, string?, string> describe, Func<string, string> localize, CancellationToken ct)
    {
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        await csv.WriteRecordAsync(["activity", "kind", "occurred (UTC)", "Marketo ID", "name", "email", "reason", "vendor message", "attempts", "last attempt (UTC)"], ct);
        var query = Rows(Failed().Where(w => w.Destination == destination).OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.ActivityId));
        await foreach (var r in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            await csv.WriteRecordAsync(
            [
                r.ActivityId.ToString(),
                localize(SalesActivityKinds.Label(r.Kind)),
                r.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.PersonMarketoId.ToString(CultureInfo.InvariantCulture),
                r.PersonName ?? "",
                r.PersonEmail ?? "",
                describe(r.Reason, r.ReasonDetail),
                r.ReasonDetail ?? "",
                r.Attempts.ToString(CultureInfo.InvariantCulture),
                r.LastAttemptAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
            ], ct);
        }
    }

    private IQueryable<ActivityWrite> Failed() =>
        db.ActivityWrites.AsNoTracking().Where(w => w.State == ActivityWriteState.Failed);

    private async Task<(List<DiagnosticGroup> Groups, DateTime CountedAt)> CachedGroupsAsync(ActivityDestination destination, CancellationToken ct)
    {
        var failed = await FailedUpToExact.For(db)(db, destination, ct);
        if (failed == 0)
        {
            return ([], clock.GetUtcNow().UtcDateTime);
        }

        var retries = cache.TryGetValue(RetriesKey(destination), out StrongBox<long>? box) ? Interlocked.Read(ref box!.Value) : 0;

        // One grouping per key at a time: when the entry expires under many viewers, the first request regroups and the
        // others wait for its answer instead of each reading every failed write again. The first request's own context
        // runs the query, so it waits without its cancellation token (its scope, and the context, must outlive the query).
        var key = ("diagnostics-groups", scope.AccountId, destination, failed, retries);
        var created = false;
        var entry = cache.GetOrCreate(key, e =>
        {
            e.AbsoluteExpirationRelativeToNow = GroupsFreshFor;
            created = true;
            return new Lazy<Task<(List<DiagnosticGroup>, DateTime)>>(async () => (await GroupsAsync(destination, CancellationToken.None), clock.GetUtcNow().UtcDateTime));
        })!;
        try
        {
            return created ? await entry.Value : await entry.Value.WaitAsync(ct);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            cache.Remove(key);
            throw;
        }
    }

    private async Task<List<DiagnosticGroup>> GroupsAsync(ActivityDestination destination, CancellationToken ct)
    {
        // Counted from the partial index of failed writes alone (no row is read), then one sample detail per group: the
        // newest, found backwards along the same index.
        var groups = await Failed().Where(w => w.Destination == destination)
            .GroupBy(w => w.Reason)
            .Select(g => new { Reason = g.Key, Count = g.Count() })
            .Select(g => new
            {
                g.Reason,
                g.Count,
                Detail = Failed().Where(w => w.Destination == destination && w.Reason == g.Reason)
                    .OrderByDescending(w => w.CreatedAt).Select(w => w.ReasonDetail).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return [.. groups
            .Select(g => new DiagnosticGroup(GroupId(g.Reason ?? ""), g.Reason ?? "", g.Detail, g.Count))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Reason, StringComparer.Ordinal)];
    }

    /// <summary>The cursor of the first page: older than anything stored.</summary>
    private static readonly DateTime FirstPage = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Failed writes (as <paramref name="writes"/> selects them) with their activity and the person it is about.</summary>
    private static readonly Expression<Func<AppDbContext, IQueryable<ActivityWrite>, IQueryable<DiagnosticRow>>> RowsOf = (db, writes) =>
        from w in writes
        join a in db.SalesActivities.AsNoTracking() on new { w.SalesAccountId, Id = w.ActivityId } equals new { a.SalesAccountId, a.Id }
        from p in db.People.AsNoTracking().Where(p => p.SalesAccountId == a.SalesAccountId && p.MarketoId == a.PersonMarketoId).DefaultIfEmpty()
        select new DiagnosticRow(
            w.ActivityId, a.Kind, a.OccurredAt, a.PersonMarketoId,
            p == null ? null : ((p.FirstName ?? "") + " " + (p.LastName ?? "")).Trim(),
            p == null ? null : p.Email,
            w.Reason ?? "", w.ReasonDetail, w.Attempts, w.LastAttemptAt, w.CreatedAt);

    // The page of rows older than (at, id), newest first, of every failed write or of one reason. Keyset: the seek bound
    // (CreatedAt <= at) is what lets the index start at the cursor; the exact "older than" only breaks ties within it.
    // Without it PostgreSQL read every newer failure before the page (400 ms deep in a 150,000-failure backlog).
    private static readonly CompiledPerModel<Func<AppDbContext, ActivityDestination, string, DateTime, Guid, IAsyncEnumerable<DiagnosticRow>>> PageOfAll =
        CompileRows((db, destination, reason, at, id) => db.ActivityWrites.AsNoTracking()
            .Where(w => w.State == ActivityWriteState.Failed && w.Destination == destination
                && w.CreatedAt <= at && (w.CreatedAt < at || w.ActivityId.CompareTo(id) < 0))
            .OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.ActivityId).Take(PageSize + 1));

    private static readonly CompiledPerModel<Func<AppDbContext, ActivityDestination, string, DateTime, Guid, IAsyncEnumerable<DiagnosticRow>>> PageOfGroup =
        CompileRows((db, destination, reason, at, id) => db.ActivityWrites.AsNoTracking()
            .Where(w => w.State == ActivityWriteState.Failed && w.Destination == destination && w.Reason == reason
                && w.CreatedAt <= at && (w.CreatedAt < at || w.ActivityId.CompareTo(id) < 0))
            .OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.ActivityId).Take(PageSize + 1));

    private static readonly CompiledPerModel<Func<AppDbContext, ActivityDestination, CancellationToken, Task<int>>> FailedUpToExact =
        new(() => EF.CompileAsyncQuery((AppDbContext db, ActivityDestination destination, CancellationToken ct) =>
            db.ActivityWrites.Where(w => w.State == ActivityWriteState.Failed && w.Destination == destination).Take(ExactGroupsUpTo + 1).Count()));

    private static readonly CompiledPerModel<Func<AppDbContext, ActivityDestination, CancellationToken, Task<int>>> FailedUpToCap =
        new(() => EF.CompileAsyncQuery((AppDbContext db, ActivityDestination destination, CancellationToken ct) =>
            db.ActivityWrites.Where(w => w.State == ActivityWriteState.Failed && w.Destination == destination).Take(CountCap + 1).Count()));

    private static CompiledPerModel<Func<AppDbContext, ActivityDestination, string, DateTime, Guid, IAsyncEnumerable<DiagnosticRow>>> CompileRows(
        Expression<Func<AppDbContext, ActivityDestination, string, DateTime, Guid, IQueryable<ActivityWrite>>> writes)
    {
        var rows = new ReplacingExpressionVisitor([RowsOf.Parameters[0], RowsOf.Parameters[1]], [writes.Parameters[0], writes.Body]).Visit(RowsOf.Body);
        var query = Expression.Lambda<Func<AppDbContext, ActivityDestination, string, DateTime, Guid, IQueryable<DiagnosticRow>>>(rows, writes.Parameters);
        return new(() => EF.CompileAsyncQuery(query));
    }

    private IQueryable<DiagnosticRow> Rows(IQueryable<ActivityWrite> writes) =>
        writes.Provider.CreateQuery<DiagnosticRow>(
            new ReplacingExpressionVisitor([RowsOf.Parameters[0], RowsOf.Parameters[1]], [Expression.Constant(db), writes.Expression]).Visit(RowsOf.Body));

    private static void Reset(ActivityWrite write)
    {
        // Attempts stay: they tell the admin (and the export) how often this write has been tried.
        write.State = ActivityWriteState.Pending;
        write.Reason = null;
        write.ReasonDetail = null;
    }

    /// <summary>A retry on this instance regroups at once, whatever the backlog (other instances within <see cref="GroupsFreshFor"/>).</summary>
    private void Regroup(ActivityDestination destination)
    {
        var box = cache.GetOrCreate(RetriesKey(destination), e =>
        {
            e.SlidingExpiration = TimeSpan.FromHours(1);
            return new StrongBox<long>();
        })!;
        Interlocked.Increment(ref box.Value);
    }

    private (string, Guid?, ActivityDestination) RetriesKey(ActivityDestination destination) => ("diagnostics-retries", scope.AccountId, destination);

    private async Task TriggerAsync(CancellationToken ct)
    {
        // Without this the retried writes would wait for the job's next tick; a missing job (sync not started on this
        // account) is fine: the reconciler schedules it and the rows are waiting.
        var scheduler = await schedulers.GetScheduler(ct);
        var key = ActivityWriteJob.KeyFor(scope.AccountId ?? throw new InvalidOperationException("No account in scope."));
        if (await scheduler.Exists(key, ct))
        {
            await scheduler.TriggerJob(key, ct);
        }
    }

    private static string Cursor(DiagnosticRow row) => KeysetCursor.Format(row.CreatedAt, row.ActivityId);
}
