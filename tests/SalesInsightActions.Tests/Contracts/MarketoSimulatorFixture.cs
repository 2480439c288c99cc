using System.Text;
using System.Text.Json;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.Simulators.Marketo;

namespace SalesInsightActions.Tests.Contracts;

/// <summary>
/// One Marketo simulator (real Kestrel) for the contract tests, with limits off and bulk jobs that finish at once, and
/// an approved custom activity type shaped like Adobe's "attendConference" example.
/// </summary>
public sealed class MarketoSimulatorFixture : IAsyncLifetime
{
    private SimulatorServer? _server;
    private HttpClient? _http;

    public HttpClient Http => _http ?? throw new InvalidOperationException("Not started.");

    public SimulatorServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public int CustomActivityTypeId { get; private set; }

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync(o =>
        {
            o.Marketo.LimitsEnabled = false;
            o.Marketo.BulkQueuedSeconds = 0;
            o.Marketo.BulkProcessingSeconds = 0;
        });
        _http = await MarketoTestClient.CreateAuthorizedClientAsync(_server);

        using var type = JsonDocument.Parse(await PostAsync("rest/v1/activities/external/type.json", """
            {"apiName":"attendConference","name":"Attend Conference","description":"Attend the conference","triggerName":"Attends Conference",
             "filterName":"Attended Conference","primaryAttribute":{"apiName":"conferenceName","name":"Conference Name","description":"Name of the conference"}}
            """));
        CustomActivityTypeId = MarketoTestClient.Result(type)[0].GetProperty("id").GetInt32();
        using var approved = JsonDocument.Parse(await PostAsync("rest/v1/activities/external/type/attendConference/approve.json", "{}"));
        MarketoTestClient.Result(approved);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public async Task<string> GetAsync(string path)
    {
        using HttpResponseMessage response = await Http.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<string> PostAsync(string path, string json)
    {
        using HttpResponseMessage response = await Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }
}
