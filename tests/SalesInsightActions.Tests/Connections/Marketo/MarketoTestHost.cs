using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesInsightActions.Web.Connections.Marketo;

namespace SalesInsightActions.Tests.Connections.Marketo;

/// <summary>The real Marketo registration (handlers, pipeline, limiter), with the network replaced by a stub.</summary>
internal static class MarketoTestHost
{
    public static readonly MarketoConnection Connection = new(new Uri("https://123-ABC-456.mktorest.com/"), "client-id", "client-secret");

    public static ServiceProvider Build(StubHttpHandler stub, Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Marketo:RetryBaseDelay"] = "00:00:00",
            ["Marketo:BulkExportPollInterval"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.TryAddSingleton(time);
        }

        services.AddMarketoClient(configuration);
        services.AddHttpClient("Marketo").ConfigurePrimaryHttpMessageHandler(() => stub);
        services.AddHttpClient("Marketo.Identity").ConfigurePrimaryHttpMessageHandler(() => stub);
        return services.BuildServiceProvider();
    }

    public static IMarketoClient Client(this ServiceProvider provider, MarketoConnection? connection = null) =>
        provider.GetRequiredService<IMarketoClientFactory>().Create(connection ?? Connection);

    public const string Token = """{"access_token":"cdf01657-110d-4155-99a7-f986b2ff13a0:int","token_type":"bearer","expires_in":3599,"scope":"apis@acmeinc.com"}""";

    /// <summary>Answers identity with a fresh token each time (token-1, token-2, …) and everything else with <paramref name="rest"/>.</summary>
    public static StubHttpHandler Stub(Func<StubHttpHandler.Call, HttpResponseMessage> rest)
    {
        var tokens = 0;
        return new StubHttpHandler(call => call.Path == "/identity/oauth/token"
            ? StubHttpHandler.Json($$"""{"access_token":"token-{{Interlocked.Increment(ref tokens)}}","token_type":"bearer","expires_in":3599,"scope":"apis@acmeinc.com"}""")
            : rest(call));
    }
}
