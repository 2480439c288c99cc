using System.Net;
using SalesInsightActions.Web.Connections.Marketo;

namespace SalesInsightActions.Tests.Connections.Marketo;

public sealed class MarketoTokenTests
{
    [Fact]
    public async Task Token_is_fetched_with_client_credentials_and_reused_while_valid()
    {
        var stub = new StubHttpHandler(call => call.Path == "/identity/oauth/token"
            ? StubHttpHandler.Json(MarketoTestHost.Token)
            : StubHttpHandler.Json("""{"requestId":"e42b#14272d07d78","result":[],"success":true}"""));
        await using var provider = MarketoTestHost.Build(stub);
        var client = provider.Client();

        var token = await client.GetTokenAsync();
        await client.GetActivityTypesAsync();
        await client.GetActivityTypesAsync();

        Assert.Equal("cdf01657-110d-4155-99a7-f986b2ff13a0:int", token.Value);
        var identity = Assert.Single(stub.CallsTo("/identity/oauth/token"));
        Assert.Equal(HttpMethod.Get, identity.Method);
        Assert.Equal("client_credentials", identity.Query("grant_type"));
        Assert.Equal("client-id", identity.Query("client_id"));
        Assert.Equal("client-secret", identity.Query("client_secret"));
        Assert.All(stub.CallsTo("/rest/v1/"), c => Assert.Equal("Bearer cdf01657-110d-4155-99a7-f986b2ff13a0:int", c.Authorization));
    }

    [Fact]
    public async Task Token_is_refreshed_once_it_enters_the_refresh_margin()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""{"requestId":"1","result":[],"success":true}"""));
        await using var provider = MarketoTestHost.Build(stub, new() { ["Marketo:TokenRefreshMargin"] = "00:01:00" }, time);
        var client = provider.Client();

        var first = await client.GetTokenAsync();
        time.Advance(TimeSpan.FromSeconds(3599 - 61));
        var stillFirst = await client.GetTokenAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        var second = await client.GetTokenAsync();

        Assert.Equal("token-1", first.Value);
        Assert.Equal("token-1", stillFirst.Value);
        Assert.Equal("token-2", second.Value);
    }

    [Fact]
    public async Task Concurrent_callers_share_a_single_token_fetch()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""{"requestId":"1","result":[],"success":true}"""));
        stub.Latency = TimeSpan.FromMilliseconds(50);
        await using var provider = MarketoTestHost.Build(stub);
        var client = provider.Client();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetTokenAsync()));

        Assert.All(tokens, t => Assert.Equal("token-1", t.Value));
        Assert.Single(stub.CallsTo("/identity/oauth/token"));
    }

    [Fact]
    public async Task Wrong_credentials_raise_an_authentication_error_without_retries()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(
            """{"error":"unauthorized","error_description":"No client with requested id: bad"}""", HttpStatusCode.Unauthorized));
        await using var provider = MarketoTestHost.Build(stub);

        var error = await Assert.ThrowsAsync<MarketoAuthenticationException>(() => provider.Client().GetActivityTypesAsync());

        Assert.Equal(401, error.HttpStatus);
        Assert.Equal("unauthorized", error.OAuthError);
        Assert.Equal(MarketoErrorClassification.Fix, error.Classification);
        Assert.Single(stub.Calls);
    }

    [Theory]
    [InlineData("601", "Access token invalid")]
    [InlineData("602", "Access token expired")]
    public async Task Token_rejected_by_marketo_is_refreshed_and_the_call_retried_once(string code, string message)
    {
        var restCalls = 0;
        var stub = MarketoTestHost.Stub(_ => Interlocked.Increment(ref restCalls) == 1
            ? StubHttpHandler.Json($$"""{"requestId":"a1#1","success":false,"errors":[{"code":"{{code}}","message":"{{message}}"}]}""")
            : StubHttpHandler.Json("""{"requestId":"a1#2","result":[{"id":1,"name":"Visit Webpage","description":"User visits a web page","primaryAttribute":{"name":"Webpage ID","dataType":"integer"},"attributes":[]}],"success":true}"""));
        await using var provider = MarketoTestHost.Build(stub);

        var types = await provider.Client().GetActivityTypesAsync();

        Assert.Equal("Visit Webpage", Assert.Single(types).Name);
        var rest = stub.CallsTo("/rest/v1/activities/types.json");
        Assert.Equal(["Bearer token-1", "Bearer token-2"], rest.Select(c => c.Authorization));
        Assert.Equal(2, stub.CallsTo("/identity/oauth/token").Count);
    }

    [Fact]
    public async Task A_second_token_rejection_after_refresh_is_not_retried_again()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""{"requestId":"x","success":false,"errors":[{"code":"601","message":"Access token invalid"}]}"""));
        await using var provider = MarketoTestHost.Build(stub);

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => provider.Client().GetActivityTypesAsync());

        Assert.Equal("601", error.ErrorCode);
        Assert.Equal(2, stub.CallsTo("/rest/v1/").Count);
    }
}
