using System.Collections.Concurrent;
using SalesInsightActions.Web.Connections.Salesforce;

namespace SalesInsightActions.Tests.Connections.Salesforce;

/// <summary>Test-only token store; the product persists tokens encrypted.</summary>
public sealed class InMemorySalesforceTokenStore : ISalesforceTokenStore
{
    private readonly ConcurrentDictionary<string, SalesforceTokens> _tokens = new();

    public int Saves { get; private set; }

    public Task<SalesforceTokens?> GetAsync(string connectionId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_tokens.GetValueOrDefault(connectionId));

    public Task SaveAsync(string connectionId, SalesforceTokens tokens, CancellationToken cancellationToken = default)
    {
        _tokens[connectionId] = tokens;
        Saves++;
        return Task.CompletedTask;
    }
}
