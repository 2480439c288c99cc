using System.Collections.Concurrent;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>The last <c>Sforce-Limit-Info</c> seen per Salesforce host (an org's instance), process-wide.</summary>
public sealed class SalesforceApiUsageTracker
{
    private readonly ConcurrentDictionary<string, SalesforceApiUsage> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public SalesforceApiUsage? LastFor(Uri instanceUrl) => _byHost.GetValueOrDefault(instanceUrl.Authority);

    internal void Record(Uri requestUri, SalesforceApiUsage usage) => _byHost[requestUri.Authority] = usage;
}
