namespace SalesInsightActions.Simulators.Marketo;

/// <summary>Marketo credentials, limits and pacing (section "Simulators:Marketo").</summary>
public sealed class MarketoSimulatorOptions
{
    public string MunchkinId { get; set; } = "123-ABC-456";
    public string ClientId { get; set; } = "sim-marketo-client-id";
    public string ClientSecret { get; set; } = "sim-marketo-client-secret";

    /// <summary>The API-only user that owns the custom service; returned as the token's scope.</summary>
    public string ApiUserEmail { get; set; } = "sales-insight-api@sim-marketo.example";

    /// <summary>Whether the API-only user's role has "Access User Management Api"; false → User Management answers 403 / 603.</summary>
    public bool UserManagementAccess { get; set; } = true;

    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Switch off every rate/concurrency/quota limit (benchmarks). Live value in <see cref="MarketoLimiter"/>.</summary>
    public bool LimitsEnabled { get; set; } = true;
    public int CallsPerWindow { get; set; } = 100;
    public int WindowSeconds { get; set; } = 20;
    public int MaxConcurrentCalls { get; set; } = 10;
    public int DailyQuota { get; set; } = 50_000;

    /// <summary>The daily quota resets at midnight in this zone (US Central, as in the real service).</summary>
    public string QuotaTimeZone { get; set; } = "America/Chicago";

    /// <summary>Seconds a bulk export stays Queued before Processing, and Processing before Completed.</summary>
    public double BulkQueuedSeconds { get; set; } = 1;
    public double BulkProcessingSeconds { get; set; } = 2;
    /// <summary>
    /// status.json shows a job's state as of its last refresh, at most this often (Marketo: 60 s). 0 by default
    /// so tests and the sandbox on a real clock don't wait; set 60 (with a fake clock in tests) for realism.
    /// </summary>
    public double BulkStatusRefreshSeconds { get; set; }
    public int BulkMaxProcessing { get; set; } = 2;
    /// <summary>Jobs queued or processing at once (the 10 include the running ones).</summary>
    public int BulkMaxQueued { get; set; } = 10;
    public long BulkDailyExportBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>Spacing of generated activities on the timeline (one per slot, some slots empty).</summary>
    public int ActivityIntervalSeconds { get; set; } = 300;

    /// <summary>
    /// Whether leads merged away also show in deletedleads.json. Marketo does not document it; clients
    /// must handle both (the survivor's Merge Leads activity names the losers either way).
    /// </summary>
    public bool MergedLeadsInDeletedLeads { get; set; }

    /// <summary>deletedleads.json forgets deletions older than this (Marketo prunes after about 14 days).</summary>
    public int DeletedLeadRetentionDays { get; set; } = 14;
}
