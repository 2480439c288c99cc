using System.Net;
using System.Text.Json;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.Simulators.Salesforce;

namespace SalesInsightActions.Tests.Contracts;

/// <summary>One Salesforce simulator (real Kestrel) for the contract tests, signed in as the admin through the login and consent pages.</summary>
public sealed class SalesforceSimulatorFixture : IAsyncLifetime
{
    private SimulatorServer? _server;
    private SalesforceApi? _api;

    public SimulatorServer Server => _server ?? throw new InvalidOperationException("Not started.");

    internal SalesforceApi Api => _api ?? throw new InvalidOperationException("Not started.");

    public string DataPath => $"services/data/{SalesforceApi.Version}/";

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync(o => o.Salesforce.BulkJobStepMilliseconds = 0);
        _api = await SalesforceApi.SignInAsync(_server);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>The body of a REST call, after checking its status.</summary>
    public async Task<string> BodyAsync(Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using HttpResponseMessage response = await call;
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    public async Task<string> FirstContactIdAsync()
    {
        string body = await BodyAsync(Api.QueryAsync("SELECT Id FROM Contact LIMIT 1"));
        using var page = JsonDocument.Parse(body);
        return page.RootElement.GetProperty("records")[0].GetProperty("Id").GetString()!;
    }
}
