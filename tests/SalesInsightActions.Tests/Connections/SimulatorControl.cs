using System.Net.Http.Json;
using System.Text.Json;
using SalesInsightActions.Tests.Simulators;

namespace SalesInsightActions.Tests.Connections;

/// <summary>Calls the simulators' /_sim test-control endpoints (not part of any vendor API).</summary>
internal static class SimulatorControl
{
    public static async Task PostAsync(this SimulatorServer server, string path, object body)
    {
        using var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync(path.TrimStart('/'), body);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<JsonElement> GetJsonAsync(this SimulatorServer server, string path)
    {
        using var client = server.CreateClient();
        return await client.GetFromJsonAsync<JsonElement>(path.TrimStart('/'));
    }

    public static async Task<int> MarketoDailyCountAsync(this SimulatorServer server) =>
        (await server.GetJsonAsync("_sim/marketo/usage")).GetProperty("dailyCount").GetInt32();
}

/// <summary>Counts the HTTP requests that actually left the client (every attempt, retries included).</summary>
internal sealed class RequestCounter : DelegatingHandler
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
