using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SalesInsightActions.Tests.Simulators.Marketo;

/// <summary>
/// Raw-HTTP helpers for simulator tests (deliberately not the product's Marketo client), shared by the unit and browser
/// test projects; the unit project adds the overloads that take its in-process <c>SimulatorServer</c>.
/// </summary>
internal static partial class MarketoTestClient
{
    public const string ClientId = "sim-marketo-client-id";
    public const string ClientSecret = "sim-marketo-client-secret";

    public static async Task<string> GetTokenAsync(HttpClient http)
    {
        using JsonDocument token = await GetJsonAsync(http, $"identity/oauth/token?grant_type=client_credentials&client_id={ClientId}&client_secret={ClientSecret}");
        return token.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Signs <paramref name="http"/> (based at the simulator's root) in with the seeded API user; returns it.</summary>
    public static async Task<HttpClient> AuthorizeAsync(HttpClient http)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(http));
        return http;
    }

    /// <summary>Get Lead Activities: the activities of the custom activity type <paramref name="apiName"/> for one lead since <paramref name="since"/>.</summary>
    public static async Task<List<JsonElement>> LeadActivitiesAsync(HttpClient http, long leadId, string apiName, DateTimeOffset since)
    {
        using JsonDocument types = await GetJsonAsync(http, "rest/v1/activities/external/types.json");
        int typeId = Result(types).EnumerateArray().Single(t => t.GetProperty("apiName").GetString() == apiName).GetProperty("id").GetInt32();
        string token = await PagingTokenAsync(http, since);
        (List<JsonElement> items, _, _) = await ReadFeedAsync(http, $"rest/v1/activities.json?activityTypeIds={typeId}&leadIds={leadId}", token);
        return items;
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

    public static async Task<string> PagingTokenAsync(HttpClient http, DateTimeOffset since)
    {
        using JsonDocument paging = await GetJsonAsync(http, "rest/v1/activities/pagingtoken.json?sinceDatetime=" + Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        return paging.RootElement.GetProperty("nextPageToken").GetString()!;
    }

    /// <summary>
    /// Reads a feed (activities.json, leadchanges.json, deletedleads.json) from <paramref name="token"/> until
    /// moreResult is false, as a client must: short and empty pages do not end it. <paramref name="query"/> is
    /// the path with its query, without nextPageToken.
    /// </summary>
    public static async Task<(List<JsonElement> Items, string NextToken, int Pages)> ReadFeedAsync(HttpClient http, string query, string token)
    {
        List<JsonElement> items = [];
        int pages = 0;
        while (true)
        {
            using JsonDocument page = await GetJsonAsync(http, $"{query}&nextPageToken={Uri.EscapeDataString(token)}");
            Assert.True(page.RootElement.GetProperty("success").GetBoolean(), page.RootElement.GetRawText());
            pages++;
            if (page.RootElement.TryGetProperty("result", out JsonElement result))
            {
                items.AddRange(result.EnumerateArray().Select(static e => e.Clone()));
            }
            token = page.RootElement.GetProperty("nextPageToken").GetString()!;
            if (!page.RootElement.GetProperty("moreResult").GetBoolean())
            {
                return (items, token, pages);
            }
        }
    }

    public static string? Attribute(JsonElement activity, string name) =>
        activity.GetProperty("attributes").EnumerateArray().FirstOrDefault(a => a.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } found
            ? found.GetProperty("value").ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => found.GetProperty("value").GetString(),
                _ => found.GetProperty("value").GetRawText(),
            }
            : null;

    public static async Task<JsonDocument> SendJsonAsync(HttpClient http, HttpMethod method, string path, string json)
    {
        using HttpRequestMessage request = new(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        string body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body.Length == 0 ? "null" : body);
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
