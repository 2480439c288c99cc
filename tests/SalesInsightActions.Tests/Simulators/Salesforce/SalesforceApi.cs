using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

/// <summary>A signed-in REST caller: bearer token, instance_url, raw JSON in and out.</summary>
internal sealed class SalesforceApi : IDisposable
{
    public const string Version = "v62.0";

    private readonly HttpClient _http;

    private SalesforceApi(HttpClient http, string accessToken, JsonElement tokenResponse)
    {
        _http = http;
        AccessToken = accessToken;
        TokenResponse = tokenResponse;
    }

    public string AccessToken { get; }
    public JsonElement TokenResponse { get; }

    public static async Task<SalesforceApi> SignInAsync(SimulatorServer server, string username = SalesforceOAuthClient.Admin)
    {
        using var oauth = new SalesforceOAuthClient(server.BaseUrl);
        JsonElement token = await oauth.SignInAsync(username);
        var http = new HttpClient { BaseAddress = new Uri(token.GetProperty("instance_url").GetString()!.TrimEnd('/') + "/") };
        string accessToken = token.GetProperty("access_token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return new SalesforceApi(http, accessToken, token);
    }

    public Task<HttpResponseMessage> GetAsync(string pathUnderInstance, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathUnderInstance.TrimStart('/'));
        configure?.Invoke(request);
        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> QueryAsync(string soql, string resource = "query", int? batchSize = null) =>
        GetAsync($"services/data/{Version}/{resource}?q={Uri.EscapeDataString(soql)}", request =>
        {
            if (batchSize is { } size)
            {
                request.Headers.Add("Sforce-Query-Options", $"batchSize={size}");
            }
        });

    public Task<HttpResponseMessage> PostJsonAsync(string pathUnderInstance, string json) =>
        _http.PostAsync(pathUnderInstance.TrimStart('/'), new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the Salesforce REST error array shape and returns the first errorCode.</summary>
    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        JsonElement body = await JsonAsync(response, expected);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        Assert.True(body[0].TryGetProperty("message", out _));
        return body[0].GetProperty("errorCode").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}
