namespace SalesInsightActions.Simulators.Salesforce;

/// <summary>
/// Settings of the Salesforce simulator (section "Simulators:Salesforce", exposed as <see cref="SimulatorOptions.Salesforce"/>).
/// Live knobs (limit, session timeout, fault rates) can be changed at runtime through <see cref="SalesforceSimulatorState"/>.
/// </summary>
public sealed class SalesforceSimulatorOptions
{
    public string ClientId { get; set; } = "sim-salesforce-client-id";
    public string ClientSecret { get; set; } = "sim-salesforce-client-secret";

    /// <summary>Production org. The sandbox org (users @sim-salesforce-sandbox.example) is <see cref="SandboxOrgId"/>.</summary>
    public string OrgId { get; set; } = "00D000000000001EAA";
    public string SandboxOrgId { get; set; } = "00D000000000002EAA";

    /// <summary>Password of the seeded login users.</summary>
    public string UserPassword { get; set; } = "Sandbox-Pass-1";

    /// <summary>The org's session timeout: how long an access token stays valid (there is no expires_in).</summary>
    public int SessionTimeoutSeconds { get; set; } = 7200;

    /// <summary>Daily API request limit (Sforce-Limit-Info, /limits, REQUEST_LIMIT_EXCEEDED).</summary>
    public int DailyApiRequestLimit { get; set; } = 100_000;
    public bool EnforceDailyApiLimit { get; set; } = true;

    /// <summary>Callback URLs of the connected app, by prefix (test ports are dynamic).</summary>
    public string[] AllowedRedirectUriPrefixes { get; set; } = ["http://127.0.0.1:", "http://localhost:", "https://127.0.0.1:", "https://localhost:"];

    /// <summary>Usernames whose identity response says email_verified=false (a user who changed their email and has not confirmed it).</summary>
    public string[] UnverifiedEmailUsernames { get; set; } = [];

    /// <summary>Salesforce authorization codes live 15 minutes.</summary>
    public int AuthorizationCodeLifetimeSeconds { get; set; } = 900;

    /// <summary>Refresh-token rotation (off by default in Salesforce connected apps).</summary>
    public bool RotateRefreshTokens { get; set; }

    /// <summary>How long a Bulk API 2.0 query job stays UploadComplete, then InProgress, before JobComplete.</summary>
    public int BulkJobStepMilliseconds { get; set; } = 300;

    /// <summary>
    /// Long-running requests allowed at once (Salesforce: 25 lasting 20 s or more); the next request gets
    /// 403 REQUEST_LIMIT_EXCEEDED "ConcurrentRequests (Concurrent API Requests) Limit exceeded.".
    /// </summary>
    public int MaxLongRunningRequests { get; set; } = 25;

    public double LongRunningRequestSeconds { get; set; } = 20;
}
