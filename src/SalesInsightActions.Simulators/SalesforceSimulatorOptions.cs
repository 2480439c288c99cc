namespace SalesInsightActions.Simulators;

/// <summary>Seeded Salesforce connected app, org and login credentials (section "Simulators:Salesforce").</summary>
public sealed class SalesforceSimulatorOptions
{
    public string ClientId { get; set; } = "sim-salesforce-client-id";
    public string ClientSecret { get; set; } = "sim-salesforce-client-secret";
    public string OrgId { get; set; } = "00D000000000001EAA";

    /// <summary>Password of the seeded login users (admin@ and rep@sim-salesforce.example).</summary>
    public string UserPassword { get; set; } = "Sandbox-Pass-1";

    /// <summary>The org's session timeout: how long an access token stays valid.</summary>
    public int SessionTimeoutSeconds { get; set; } = 7200;

    /// <summary>Daily API request limit reported in Sforce-Limit-Info.</summary>
    public int DailyApiRequestLimit { get; set; } = 100_000;
}
