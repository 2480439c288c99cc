using SalesInsightActions.Web.Connections.Marketo;

namespace SalesInsightActions.Tests.Connections.Marketo;

public sealed class MarketoConnectionTests
{
    [Fact]
    public void Munchkin_id_builds_the_subscription_host_and_trims_pasted_spaces()
    {
        var connection = MarketoConnection.ForMunchkinId(" 123-abc-456 ", " id ", " secret ");

        Assert.Equal(new Uri("https://123-abc-456.mktorest.com/"), connection.Endpoint);
        Assert.Equal(("123-ABC-456", "id", "secret"), (connection.MunchkinId, connection.ClientId, connection.ClientSecret));
    }

    [Fact]
    public void Path_based_endpoints_keep_their_prefix_when_resolving_api_paths()
    {
        var connection = new MarketoConnection(new Uri("http://127.0.0.1:5000/sandbox"), "id", "secret");

        Assert.Equal("http://127.0.0.1:5000/sandbox/rest/v1/leads.json", connection.Resolve("rest/v1/leads.json").AbsoluteUri);
        Assert.Equal(connection.SubscriptionKey, new MarketoConnection(new Uri("HTTP://127.0.0.1:5000/sandbox/"), "other", "x").SubscriptionKey);
    }

    [Fact]
    public void Secrets_never_appear_in_to_string()
    {
        var connection = new MarketoConnection(new Uri("https://123-ABC-456.mktorest.com"), "id", "super-secret");
        var token = new MarketoAccessToken("token-value", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("super-secret", connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("token-value", token.ToString(), StringComparison.Ordinal);
    }
}
