using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Sync.Activities.Api;

/// <summary>
/// The activities API over real HTTP against the simulators: personal tokens (hashed, shown once, revocable), activities
/// recorded once per Idempotency-Key and written to both vendors, clear 4xx answers, a rate limit, and its OpenAPI document.
/// </summary>
public sealed partial class ActivitiesApiTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await ActivityWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_call_posted_with_a_token_is_recorded_once_per_key_and_written_to_Marketo_and_Salesforce()
    {
        var token = await CreateTokenAsync(_world.Rep, "Mail plug-in");
        // Stored as a hash with a display prefix; shown once only.
        var row = await _world.WithDbAsync(db => db.ApiTokens.SingleAsync());
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), row.Hash);
        Assert.Equal(token[..12], row.Prefix);
        Assert.DoesNotContain(token, await _world.Rep.GetStringAsync("/settings/api-tokens"));

        var person = await _world.PersonAsync();
        using var api = ApiClient(token);
        var body = new { kind = "SalesCallReceived", personMarketoId = person.MarketoId, callOutcome = "connected", callReason = "Renewal", callDurationSeconds = 300, occurredAt = DateTimeOffset.UtcNow.AddHours(-2) };
        var created = await PostAsync(api, body, "call-1");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var activity = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = activity.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/activities/{id}", created.Headers.Location!.OriginalString);
        Assert.All(activity.GetProperty("writes").EnumerateArray(), w => Assert.Equal("Pending", w.GetProperty("state").GetString()));

        var replay = await PostAsync(api, body, "call-1");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(id, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        var reused = await PostAsync(api, new { kind = "SendSalesEmail", personMarketoId = person.MarketoId, subject = "Hello" }, "call-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(1, await _world.WithDbAsync(db => db.SalesActivities.CountAsync()));

        await _world.RunWritersAsync();
        var status = await api.GetFromJsonAsync<JsonElement>($"/api/v1/activities/{id}");
        Assert.All(status.GetProperty("writes").EnumerateArray(), w => Assert.Equal("Written", w.GetProperty("state").GetString()));
        Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.SalesCallReceived));
        var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{Guid.Parse(id):N}'"));
        Assert.Equal("Call: Connected – Renewal", task.GetProperty("Subject").GetString());
        Assert.Equal(300, task.GetProperty("CallDurationInSeconds").GetInt32());

        // An email by address works too; another member's token cannot read this member's activity.
        var byEmail = await PostAsync(api, new { kind = "SendSalesEmail", personEmail = person.Email!.ToUpperInvariant(), subject = "Next steps" }, "mail-1");
        Assert.Equal(HttpStatusCode.Created, byEmail.StatusCode);
        using var admin = await AccountSeeder.SignInAsync(_world.App, ActivityWorld.AdminEmail);
        using var adminApi = ApiClient(await CreateTokenAsync(admin, "Admin script"));
        Assert.Equal(HttpStatusCode.NotFound, (await adminApi.GetAsync($"/api/v1/activities/{id}")).StatusCode);
    }

    [Fact]
    public async Task Revoked_tokens_and_deactivated_members_are_refused_with_401_and_a_problem_that_says_what_to_do()
    {
        var token = await CreateTokenAsync(_world.Rep, "Old plug-in");
        using var api = ApiClient(token);
        var person = await _world.PersonAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(api, new { kind = "SendSalesEmail", personMarketoId = person.MarketoId, subject = "Hi" }, "k1")).StatusCode);

        var tokenId = await _world.WithDbAsync(db => db.ApiTokens.Select(t => t.Id).SingleAsync());
        var revoke = await AccountSeeder.PostFormAsync(_world.Rep, "/settings/api-tokens?handler=Revoke", new() { ["tokenId"] = tokenId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        var refused = await PostAsync(api, new { kind = "SendSalesEmail", personMarketoId = person.MarketoId, subject = "Hi" }, "k2");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Settings → My settings → API tokens", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        using var fresh = ApiClient(await CreateTokenAsync(_world.Rep, "New plug-in"));
        await _world.WithDbAsync(async db =>
        {
            var rep = await db.Members.SingleAsync(m => m.Email == ActivityWorld.RepEmail);
            rep.Status = MemberStatus.Deactivated;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.GetAsync($"/api/v1/activities/{Guid.NewGuid()}")).StatusCode);
        using var anonymous = _world.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/activities/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiClient("sia_" + new string('A', 43)).GetAsync($"/api/v1/activities/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(1, await _world.WithDbAsync(db => db.SalesActivities.CountAsync()));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_4xx_and_records_nothing()
    {
        using var api = ApiClient(await CreateTokenAsync(_world.Rep, "Tester"));
        var person = await _world.PersonAsync();
        var twin = await _world.PersonAsync(skip: 1);
        await _world.WithDbAsync(async db =>
        {
            // Two Marketo records with one address stay two people: the API must ask which one.
            var row = await db.People.SingleAsync(p => p.MarketoId == twin.MarketoId);
            row.Email = "shared@example.com";
            row.SearchEmail = "shared@example.com";
            var other = await db.People.Where(p => p.MarketoId != twin.MarketoId && p.MarketoId != person.MarketoId).OrderBy(p => p.MarketoId).FirstAsync();
            other.Email = "shared@example.com";
            other.SearchEmail = "shared@example.com";
            return await db.SaveChangesAsync();
        });

        async Task Expect(HttpStatusCode status, string field, object body, string? key = "key", string contentType = "application/json")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/activities")
            {
                Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, contentType),
            };
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }

            var response = await api.SendAsync(request);
            var raw = await response.Content.ReadAsStringAsync();
            var text = raw.StartsWith('{') ? JsonSerializer.Serialize(JsonDocument.Parse(raw).RootElement, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) : raw;
            Assert.True(status == response.StatusCode, $"{JsonSerializer.Serialize(body)}: expected {status}, got {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(field, text);
        }

        var call = new { kind = "SalesCallReceived", personMarketoId = person.MarketoId, callOutcome = "Busy" };
        await Expect(HttpStatusCode.BadRequest, "Idempotency-Key", call, key: null);
        await Expect(HttpStatusCode.BadRequest, "Idempotency-Key", call, key: new string('k', 65));
        await Expect(HttpStatusCode.BadRequest, "kind must be one of: SendSalesEmail", new { kind = "Meeting", personMarketoId = person.MarketoId });
        await Expect(HttpStatusCode.BadRequest, "kind must be one of", new { kind = "5", personMarketoId = person.MarketoId });
        await Expect(HttpStatusCode.BadRequest, "callOutcome, one of: Connected", new { kind = "SalesCallReceived", personMarketoId = person.MarketoId });
        await Expect(HttpStatusCode.BadRequest, "exactly one of personMarketoId or personEmail", new { kind = "SendSalesEmail", subject = "x" });
        await Expect(HttpStatusCode.BadRequest, "exactly one of personMarketoId or personEmail", new { kind = "SendSalesEmail", subject = "x", personMarketoId = person.MarketoId, personEmail = "a@b.example" });
        await Expect(HttpStatusCode.BadRequest, "the email's subject", new { kind = "OpenSalesEmail", personMarketoId = person.MarketoId });
        await Expect(HttpStatusCode.BadRequest, "subject can be at most 255", new { kind = "SendSalesEmail", personMarketoId = person.MarketoId, subject = new string('s', 256) });
        await Expect(HttpStatusCode.BadRequest, "subject contains control characters", new { kind = "SendSalesEmail", personMarketoId = person.MarketoId, subject = "a\u0000b" });
        await Expect(HttpStatusCode.BadRequest, "not in the future", new { kind = "SendSalesEmail", personMarketoId = person.MarketoId, subject = "x", occurredAt = DateTimeOffset.UtcNow.AddDays(1) });
        await Expect(HttpStatusCode.BadRequest, "callDurationSeconds must be from 0 to 36000", new { kind = "SalesCallReceived", personMarketoId = person.MarketoId, callOutcome = "Busy", callDurationSeconds = -1 });
        await Expect(HttpStatusCode.BadRequest, "could not be read as an activity", "{\"kind\": ");
        await Expect(HttpStatusCode.BadRequest, "could not be read as an activity", "{\"personMarketoId\": \"twelve\"}");
        await Expect(HttpStatusCode.UnsupportedMediaType, "\"status\":415", "kind=SendSalesEmail", contentType: "application/x-www-form-urlencoded");
        await Expect(HttpStatusCode.NotFound, "No synced person matches", new { kind = "SendSalesEmail", personMarketoId = 987654321, subject = "x" });
        await Expect(HttpStatusCode.NotFound, "No synced person matches", new { kind = "SendSalesEmail", personEmail = "nobody@nowhere.example", subject = "x" });
        await Expect(HttpStatusCode.Conflict, "Send personMarketoId instead", new { kind = "SendSalesEmail", personEmail = "shared@example.com", subject = "x" });
        Assert.Equal(0, await _world.WithDbAsync(db => db.SalesActivities.CountAsync()));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_activities_API_and_nothing_else()
    {
        using var anonymous = _world.App.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/api/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["/api/v1/activities", "/api/v1/activities/{id}"], paths);
        Assert.True(document.GetProperty("paths").GetProperty("/api/v1/activities").TryGetProperty("post", out var post));
        Assert.Contains("201", post.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Contains("ActivityRequest", document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name));
    }

    [Fact]
    public async Task A_token_over_its_rate_limit_gets_429_with_Retry_After()
    {
        await using var world = await ActivityWorld.StartAsync(new Dictionary<string, string?> { ["ActivitiesApi:RequestsPerMinute"] = "3" });
        using var api = ApiClient(await CreateTokenAsync(world.Rep, "Busy script"), world);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/activities/{Guid.NewGuid()}")).StatusCode);
        }

        var limited = await api.GetAsync($"/api/v1/activities/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Contains("too many requests", await limited.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // Another member's token has its own allowance.
        using var admin = await AccountSeeder.SignInAsync(world.App, ActivityWorld.AdminEmail);
        using var other = ApiClient(await CreateTokenAsync(admin, "Admin script"), world);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/activities/{Guid.NewGuid()}")).StatusCode);
    }

    private HttpClient ApiClient(string token, ActivityWorld? world = null)
    {
        var client = (world ?? _world).App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient api, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/activities") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await api.SendAsync(request);
    }

    /// <summary>Creates a token on the API tokens page as the member's browser does, and reads it from the page shown once after.</summary>
    private static async Task<string> CreateTokenAsync(HttpClient member, string name)
    {
        var created = await AccountSeeder.PostFormAsync(member, "/settings/api-tokens?handler=Create", new() { ["Name"] = name }, "/settings/api-tokens");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await member.GetStringAsync(created.Headers.Location!.OriginalString);
        return NewToken().Match(page).Groups["token"].Value is { Length: > 0 } token ? token : throw new InvalidOperationException("No new token on the page.");
    }

    [GeneratedRegex("""data-new-token>(?<token>sia_[A-Za-z0-9_-]+)<""")]
    private static partial Regex NewToken();
}
