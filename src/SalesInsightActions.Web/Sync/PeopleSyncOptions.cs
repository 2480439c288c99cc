using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Sync;

/// <summary>How the people sync runs (section <c>PeopleSync</c>).</summary>
public sealed class PeopleSyncOptions
{
    public const string Section = "PeopleSync";

    /// <summary>Run the scheduler (Quartz) in this instance. Off for tools and tests that drive the engine directly.</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often an up-to-date account reads the activity feed: changes show within about this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the scheduler looks for accounts whose sync was started (Start Sync is picked up within this).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each instance of a cluster (PostgreSQL) tells the others it is alive. A killed instance's running syncs
    /// are recovered by another instance about <see cref="ClusterCheckinInterval"/> + <see cref="ClusterCheckinMisfireThreshold"/>
    /// after its last check-in.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How late a check-in may be before the instance counts as dead; keep it well above GC and load pauses.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Jobs (account syncs, activity write-backs, the reconciler) one instance runs at once: the Quartz thread pool. With
    /// several instances, an instance at its limit leaves the next accounts to the others, so accounts spread.
    /// </summary>
    [Range(2, 200)]
    public int MaxConcurrentJobs { get; set; } = 10;

    /// <summary>The earliest createdAt the initial extract asks for (the subscription's history starts no earlier).</summary>
    public DateTime HistoryStart { get; set; } = new(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>createdAt window of one bulk extract job; Marketo allows at most 31 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "31.00:00:00")]
    public TimeSpan ExtractWindow { get; set; } = TimeSpan.FromDays(31);

    /// <summary>Extract jobs kept created and queued ahead of the one being read (Marketo: 2 processing, 10 queued per subscription).</summary>
    [Range(1, 10)]
    public int ExtractJobsAhead { get; set; } = 3;

    /// <summary>Use the bulk extract for the initial pass; when false (or when Marketo answers 1035) read leads.json by id ranges.</summary>
    public bool UseBulkExtract { get; set; } = true;

    /// <summary>REST fallback: stop after this many consecutive id ranges of 300 with no lead (ids are sparse, never unbounded).</summary>
    [Range(1, 100_000)]
    public int RestFallbackEmptyRangesToStop { get; set; } = 50;

    /// <summary>
    /// REST fallback: id ranges fetched at once ahead of the one being written, within the client's limiter (Marketo allows
    /// 10 calls in flight per subscription), so the call limits, not the writes, set the pace.
    /// </summary>
    [Range(1, 10)]
    public int RestRangesAhead { get; set; } = 8;

    /// <summary>
    /// Initial pass on PostgreSQL: when the store holds none of the people a createdAt window can hold, COPY its file's people
    /// straight into the people table instead of staging + upsert. A person stored after all aborts that batch's COPY (the
    /// primary key), which is then written by the upsert; the rest of that window goes by the upsert.
    /// </summary>
    public bool CopyNewPeople { get; set; } = true;

    /// <summary>People per write batch (and checkpoint).</summary>
    [Range(1, 50_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>Share of the daily Marketo quota (Marketo:DailyQuota) the sync may use before pausing until the reset.</summary>
    [Range(0.01, 1.0)]
    public double DailyQuotaShare { get; set; } = 0.8;
}
