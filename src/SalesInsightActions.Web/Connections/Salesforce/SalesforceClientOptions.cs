using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>The connected app and HTTP behaviour of the Salesforce client (section "Salesforce").</summary>
public sealed class SalesforceClientOptions
{
    public const string SectionName = "Salesforce";

    /// <summary>Production login host; the sandbox switch uses <see cref="SandboxHost"/>.</summary>
    [Required]
    public Uri LoginHost { get; set; } = new("https://login.salesforce.com");

    [Required]
    public Uri SandboxHost { get; set; } = new("https://test.salesforce.com");

    /// <summary>
    /// Where browsers reach <see cref="LoginHost"/> when that differs from where this server reaches it (a host name
    /// only containers resolve, as in the compose file's simulators). Only the sign-in page URL uses it; token calls
    /// go to <see cref="LoginHost"/>. Unset: the same URL for both, as with the real Salesforce.
    /// </summary>
    public Uri? BrowserLoginHost { get; set; }

    /// <summary>The browser-facing twin of <see cref="SandboxHost"/>; see <see cref="BrowserLoginHost"/>.</summary>
    public Uri? BrowserSandboxHost { get; set; }

    /// <summary>The URL a browser is sent to for a sign-in at <paramref name="host"/>.</summary>
    internal Uri BrowserHostFor(Uri host) =>
        host == LoginHost && BrowserLoginHost is { } login ? login
        : host == SandboxHost && BrowserSandboxHost is { } sandbox ? sandbox
        : host;

    [Required]
    public string ClientId { get; set; } = string.Empty;

    [Required]
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Path of our OAuth callback; the absolute redirect URI is built from the incoming request's base URL.</summary>
    [Required]
    [RegularExpression("^/.*", ErrorMessage = "RedirectPath must start with '/'.")]
    public string RedirectPath { get; set; } = "/connections/salesforce/callback";

    /// <summary>Scopes asked for: API access, a refresh token for background sync, and the identity URL.</summary>
    [Required]
    public string Scopes { get; set; } = "api refresh_token id";

    [Required]
    [RegularExpression(@"^v\d{2,3}\.0$", ErrorMessage = "ApiVersion looks like v62.0.")]
    public string ApiVersion { get; set; } = "v62.0";

    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// First back-off after 403 "ConcurrentRequests … Limit exceeded" (too many long-running requests);
    /// doubles per attempt. Long because the requests in the way last 20 s or more.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ConcurrentLimitRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BulkJobPollInterval { get; set; } = TimeSpan.FromSeconds(10);
}
