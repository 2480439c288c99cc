using SalesInsightActions.Simulators.Salesforce.Bulk;
using SalesInsightActions.Simulators.Salesforce.OAuth;
using SalesInsightActions.Simulators.Salesforce.Query;
using SalesInsightActions.Simulators.Salesforce.Records;
using SalesInsightActions.Simulators.Salesforce.Setup;

namespace SalesInsightActions.Simulators.Salesforce;

/// <summary>
/// The Salesforce simulator's in-process test API: live options, tokens, records, written Tasks and
/// API usage. The /_sim/salesforce/… endpoints call the same methods.
/// </summary>
public sealed class SalesforceSimulatorState
{
    internal SalesforceSimulatorState(
        SalesforceSimulatorOptions options,
        SalesforceUserDirectory users,
        SalesforceOAuthState oauth,
        SalesforceRecordStore records,
        SalesforceApiUsage apiUsage,
        QueryCursorStore cursors,
        BulkQueryJobStore bulkJobs,
        TimeProvider clock)
    {
        Options = options;
        Users = users;
        OAuth = oauth;
        Records = records;
        ApiUsage = apiUsage;
        Cursors = cursors;
        BulkJobs = bulkJobs;
        Clock = clock;
    }

    /// <summary>Live knobs: changing SessionTimeoutSeconds, DailyApiRequestLimit, EnforceDailyApiLimit or faults takes effect at once.</summary>
    public SalesforceSimulatorOptions Options { get; }
    public SalesforceUserDirectory Users { get; }
    public SalesforceOAuthState OAuth { get; }
    public SalesforceRecordStore Records { get; }
    public SalesforceApiUsage ApiUsage { get; }
    public TimeProvider Clock { get; }

    /// <summary>How the org is set up for the MSI package (knobs that make each setup check fail).</summary>
    public SalesforceOrgSetup Setup { get; } = new();
    internal QueryCursorStore Cursors { get; }
    internal BulkQueryJobStore BulkJobs { get; }

    public TimeSpan SessionTimeout => TimeSpan.FromSeconds(Options.SessionTimeoutSeconds);

    /// <summary>Tasks written through the REST API (single create and composite), oldest first.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> WrittenTasks() => Records.WrittenTasks().Select(t => (IReadOnlyDictionary<string, object?>)t.Values).ToList();

    public void ExpireAllAccessTokens() => OAuth.ExpireAllAccessTokens();

    /// <summary>Back to the seeded state: no tokens, sessions, changes, Tasks, cursors, jobs; API usage 0; a correctly set-up org.</summary>
    public void Reset()
    {
        OAuth.Reset();
        Records.Reset();
        ApiUsage.Reset();
        Cursors.Clear();
        BulkJobs.Clear();
        Setup.Reset();
    }
}
