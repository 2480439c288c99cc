using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Web.Connections.Salesforce;

namespace SalesInsightActions.Tests.Connections.Salesforce;

public sealed class SalesforceOAuthContractTests
{
    private static readonly Uri Callback = new("https://app.example.com/connections/salesforce/callback");

    [Fact]
    public async Task Authorize_url_carries_code_flow_parameters_and_an_s256_challenge_of_the_verifier()
    {
        await using var provider = SalesforceTestHost.Build(new StubHttpHandler(_ => throw new InvalidOperationException()), new());
        var oauth = provider.GetRequiredService<ISalesforceOAuthClient>();

        var request = oauth.BuildAuthorizationRequest(Callback);
        var url = new StubHttpHandler.Call(HttpMethod.Get, request.AuthorizeUrl, null, null, new Dictionary<string, string>(), default);

        Assert.Equal("https://login.salesforce.com/services/oauth2/authorize", request.AuthorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Equal("code", url.Query("response_type"));
        Assert.Equal("3MVG9lKcPoNINVBIPJjdw1J9LLM82Hn", url.Query("client_id"));
        Assert.Equal(Callback.AbsoluteUri, url.Query("redirect_uri"));
        Assert.Equal(request.State, url.Query("state"));
        Assert.Equal("api refresh_token id", url.Query("scope"));
        Assert.Equal("S256", url.Query("code_challenge_method"));
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(request.CodeVerifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, url.Query("code_challenge"));
        Assert.InRange(request.CodeVerifier.Length, 43, 128);
        Assert.Null(url.Query("prompt"));
        Assert.NotEqual(request.State, oauth.BuildAuthorizationRequest(Callback).State);
    }

    [Fact]
    public async Task Sandbox_and_forced_login_use_the_test_host_and_prompt_login()
    {
        await using var provider = SalesforceTestHost.Build(new StubHttpHandler(_ => throw new InvalidOperationException()), new());

        var request = provider.GetRequiredService<ISalesforceOAuthClient>().BuildAuthorizationRequest(Callback, useSandbox: true, forceLogin: true);

        Assert.StartsWith("https://test.salesforce.com/services/oauth2/authorize?", request.AuthorizeUrl.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("prompt=login", request.AuthorizeUrl.Query, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://test.salesforce.com"), request.AuthorizationHost);
    }

    [Fact]
    public async Task A_browser_facing_login_host_changes_only_the_sign_in_url_and_the_code_is_exchanged_server_side()
    {
        // Compose: browsers reach the simulators at localhost:8090, the app at simulators:8090.
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(SalesforceTestHost.TokenResponse));
        await using var provider = SalesforceTestHost.Build(stub, new(), new()
        {
            ["Salesforce:LoginHost"] = "http://simulators:8090",
            ["Salesforce:BrowserLoginHost"] = "http://localhost:8090",
        });
        var oauth = provider.GetRequiredService<ISalesforceOAuthClient>();

        var request = oauth.BuildAuthorizationRequest(Callback);
        await oauth.ExchangeCodeAsync(request, "code");

        Assert.Equal("http://localhost:8090/services/oauth2/authorize", request.AuthorizeUrl.GetLeftPart(UriPartial.Path));
        Assert.Equal(new Uri("http://simulators:8090"), request.AuthorizationHost);
        Assert.Equal("http://simulators:8090/services/oauth2/token", Assert.Single(stub.Calls).Uri.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task Code_exchange_posts_the_verifier_and_secret_and_parses_the_token_shape()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json(SalesforceTestHost.TokenResponse));
        await using var provider = SalesforceTestHost.Build(stub, new());
        var oauth = provider.GetRequiredService<ISalesforceOAuthClient>();
        var request = oauth.BuildAuthorizationRequest(Callback);

        var tokens = await oauth.ExchangeCodeAsync(request, "aPrxsmIEeqM9PiQroGEWx1UiMQd95_5JUZVEhsOFhS8EVvbfYBBJli2W5fn3zbo.8hojaNW_1g==");

        var call = Assert.Single(stub.Calls);
        Assert.Equal((HttpMethod.Post, "/services/oauth2/token"), (call.Method, call.Path));
        Assert.Equal("authorization_code", call.Form("grant_type"));
        Assert.Equal("aPrxsmIEeqM9PiQroGEWx1UiMQd95_5JUZVEhsOFhS8EVvbfYBBJli2W5fn3zbo.8hojaNW_1g==", call.Form("code"));
        Assert.Equal(request.CodeVerifier, call.Form("code_verifier"));
        Assert.Equal("5678471853609579508", call.Form("client_secret"));
        Assert.Equal(Callback.AbsoluteUri, call.Form("redirect_uri"));
        Assert.Equal(new Uri("https://na1.salesforce.com"), tokens.InstanceUrl);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1278448101416), tokens.IssuedAt);
        Assert.Equal(("00Dx0000000BV7z", "005x00000012Q9P"), (tokens.OrganizationId, tokens.UserId));
        Assert.StartsWith("5Aep8614", tokens.RefreshToken, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.AccessToken, tokens.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("invalid_grant", "expired access/refresh token", true)]
    [InlineData("redirect_uri_mismatch", "redirect_uri must match configuration", false)]
    [InlineData("invalid_client_id", "client identifier invalid", false)]
    public async Task Oauth_errors_are_typed_and_never_retried(string error, string description, bool reconnect)
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json($$"""{"error":"{{error}}","error_description":"{{description}}"}""", HttpStatusCode.BadRequest));
        await using var provider = SalesforceTestHost.Build(stub, new());
        var oauth = provider.GetRequiredService<ISalesforceOAuthClient>();

        var failure = await Assert.ThrowsAsync<SalesforceOAuthException>(() => oauth.RefreshAsync(SalesforceTestHost.Tokens()));

        Assert.Equal((400, error, description, reconnect), (failure.HttpStatus, failure.Error, failure.ErrorDescription, failure.RequiresReconnect));
        Assert.Single(stub.Calls);
    }

    [Fact]
    public async Task Refresh_keeps_the_old_refresh_token_when_salesforce_does_not_rotate_it()
    {
        var stub = new StubHttpHandler(_ => StubHttpHandler.Json("""
            {"id":"https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P","issued_at":"1278448384422","instance_url":"https://na2.salesforce.com",
             "signature":"SSSbLO/gBhmmyNUvN18ODBDFYHzakxOMgqYtu+hDPsc=","access_token":"00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7TrqoDjoNIWQ2ME_sTZzBjfmOE6zMHq6y8PIW4eWze9JksNEkWUl.Cju7m4","token_type":"Bearer","scope":"id api refresh_token"}
            """));
        await using var provider = SalesforceTestHost.Build(stub, new());
        var old = SalesforceTestHost.Tokens();

        var refreshed = await provider.GetRequiredService<ISalesforceOAuthClient>().RefreshAsync(old);

        var call = Assert.Single(stub.Calls);
        Assert.Equal(("refresh_token", old.RefreshToken), (call.Form("grant_type"), call.Form("refresh_token")));
        Assert.Equal("3MVG9lKcPoNINVBIPJjdw1J9LLM82Hn", call.Form("client_id"));
        Assert.Equal(old.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(new Uri("https://na2.salesforce.com"), refreshed.InstanceUrl);
        Assert.NotEqual(old.AccessToken, refreshed.AccessToken);
    }

    [Fact]
    public async Task Revoke_posts_the_refresh_token_and_identity_reads_the_id_url_with_the_bearer()
    {
        var stub = new StubHttpHandler(call => call.Path.StartsWith("/id/", StringComparison.Ordinal)
            ? StubHttpHandler.Json("""
                {"id":"https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P","asserted_user":true,"user_id":"005x00000012Q9P","organization_id":"00Dx0000000BV7z",
                 "username":"admin@example.com","nick_name":"admin","display_name":"Ada Admin","email":"admin@example.com","email_verified":true,"first_name":"Ada","last_name":"Admin",
                 "status":{"created_date":null,"body":null},"photos":{"picture":"https://example.com/p"},"urls":{"rest":"https://na1.salesforce.com/services/data/v{version}/"},
                 "active":true,"user_type":"STANDARD","language":"en_US","locale":"en_US","utcOffset":-28800000}
                """)
            : new HttpResponseMessage(HttpStatusCode.OK));
        await using var provider = SalesforceTestHost.Build(stub, new());
        var oauth = provider.GetRequiredService<ISalesforceOAuthClient>();
        var tokens = SalesforceTestHost.Tokens();

        var identity = await oauth.GetIdentityAsync(tokens);
        await oauth.RevokeAsync(tokens);

        Assert.Equal(("005x00000012Q9P", "00Dx0000000BV7z", "admin@example.com", "Ada Admin"), (identity.UserId, identity.OrganizationId, identity.Email, identity.DisplayName));
        Assert.Equal("Bearer " + tokens.AccessToken, stub.Calls.First().Authorization);
        var revoke = stub.Calls.Last();
        Assert.Equal(("/services/oauth2/revoke", tokens.RefreshToken), (revoke.Path, revoke.Form("token")));
    }
}
