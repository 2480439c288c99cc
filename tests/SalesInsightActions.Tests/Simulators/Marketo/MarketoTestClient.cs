using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SalesInsightActions.Tests.Simulators.Marketo;

/// <summary>Raw-HTTP helpers for simulator tests (deliberately not the product's Marketo client).</summary>
internal static class MarketoTestClient
{
    public const string ClientId = "sim-marketo-client-id";
    public const string ClientSecret = "sim-marketo-client-secret";

    public static async Task<string> GetTokenAsync(HttpClient http)
    {
        using JsonDocument token = await GetJsonAsync(http, $"identity/oauth/token?grant_type=client_credentials&client_id={ClientId}&client_secret={ClientSecret}");
        return token.RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<HttpClient> CreateAuthorizedClientAsync(SimulatorServer server)
    {
        HttpClient http = server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(http));
        return http;
    }

    public static async Task<JsonDocument> GetJsonAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(path);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonDocument> PostJsonAsync(HttpClient http, string path, string json)
    {
        using HttpResponseMessage response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public static string FirstErrorCode(JsonDocument envelope)
    {
        Assert.False(envelope.RootElement.GetProperty("success").GetBoolean());
        JsonElement code = envelope.RootElement.GetProperty("errors")[0].GetProperty("code");
        Assert.Equal(JsonValueKind.String, code.ValueKind);
        return code.GetString()!;
    }

    public static JsonElement Result(JsonDocument envelope)
    {
        Assert.True(envelope.RootElement.GetProperty("success").GetBoolean(), envelope.RootElement.GetRawText());
        return envelope.RootElement.GetProperty("result");
    }
}
