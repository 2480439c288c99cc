using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Process-wide settings of the Marketo client; per-subscription credentials live in <see cref="MarketoConnection"/>.</summary>
public sealed class MarketoClientOptions
{
    public const string SectionName = "Marketo";

    /// <summary>Refresh a cached token this long before Marketo says it expires, so long calls never start with a dying token.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Vendor limit: calls per rate window (Marketo: 100 per 20 s).</summary>
    [Range(1, 100_000)]
    public int VendorCallsPerWindow { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How much longer than <see cref="RateWindow"/> the client's window is (at most a twentieth of it): a permit comes back no
    /// sooner than this after a full vendor window, which absorbs jitter in how long a call takes to reach Marketo. Smaller
    /// is closer to the vendor's rate; 0.5 s of 20 s leaves 97.6 % of it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RateWindowMargin { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Share of the vendor limits we allow ourselves (window and daily quota), leaving room for other integrations.</summary>
    [Range(0.05, 1.0)]
    public double SafetyShare { get; set; } = 0.8;

    /// <summary>Calls in flight per subscription; Marketo rejects the 11th with 615.</summary>
    [Range(1, 10)]
    public int MaxConcurrentCalls { get; set; } = 8;

    /// <summary>Vendor daily quota (default subscription: 50,000 calls, reset at 00:00 US Central).</summary>
    [Range(1, 100_000_000)]
    public int DailyQuota { get; set; } = 50_000;

    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long opening a TCP connection to Marketo may take (identity and REST). A host that does not answer the
    /// connection at all is unreachable; waiting the whole attempt timeout for it would only delay saying so.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of one HTTP attempt, measured after the limiter let the call go.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Marketo answers 414 above 8 KB of URI; longer GETs are sent as POST with _method=GET.</summary>
    [Range(256, 8192)]
    public int MaxUriLength { get; set; } = 8000;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BulkExportPollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Reconnect attempts (with Range) when a bulk file download breaks mid-stream.</summary>
    [Range(0, 20)]
    public int BulkDownloadResumeAttempts { get; set; } = 3;

    /// <summary>Time zone of the daily quota reset; IANA id, Windows fallback handled by TimeZoneInfo.</summary>
    [Required]
    public string QuotaResetTimeZone { get; set; } = "America/Chicago";

    internal int ClientCallsPerWindow => Math.Max(1, (int)Math.Floor(VendorCallsPerWindow * SafetyShare));

    internal int ClientDailyBudget => Math.Max(1, (int)Math.Floor(DailyQuota * SafetyShare));
}
