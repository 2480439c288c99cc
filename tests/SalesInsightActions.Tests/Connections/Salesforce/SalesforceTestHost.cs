using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Web.Connections.Salesforce;

namespace SalesInsightActions.Tests.Connections.Salesforce;

internal static class SalesforceTestHost
{
    public const string Instance = "https://na1.salesforce.com";

    public static ServiceProvider Build(StubHttpHandler stub, InMemorySalesforceTokenStore store, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Salesforce:ClientId"] = "3MVG9lKcPoNINVBIPJjdw1J9LLM82Hn",
            ["Salesforce:ClientSecret"] = "5678471853609579508",
            ["Salesforce:RetryBaseDelay"] = "00:00:00",
            ["Salesforce:ConcurrentLimitRetryDelay"] = "00:00:00",
            ["Salesforce:BulkJobPollInterval"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ISalesforceTokenStore>(store);
        services.AddSalesforceClient(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddHttpClient("Salesforce").ConfigurePrimaryHttpMessageHandler(() => stub);
        services.AddHttpClient("Salesforce.OAuth").ConfigurePrimaryHttpMessageHandler(() => stub);
        return services.BuildServiceProvider();
    }

    public static SalesforceTokens Tokens(string access = "00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7T", string? refresh = "5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJrTtuHNWeeB8zoEjqH")
        => new(access, refresh, new Uri(Instance), new Uri("https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P"),
            DateTimeOffset.FromUnixTimeMilliseconds(1278448832702), "id api refresh_token", new Uri("https://login.salesforce.com"));

    public static async Task<ISalesforceClient> ClientAsync(this ServiceProvider provider, InMemorySalesforceTokenStore store, SalesforceTokens? tokens = null)
    {
        await store.SaveAsync("conn-1", tokens ?? Tokens());
        return provider.CreateScope().ServiceProvider.GetRequiredService<ISalesforceClientFactory>().Create("conn-1");
    }

    public const string TokenResponse = """
        {"id":"https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P","issued_at":"1278448101416","refresh_token":"5Aep8614iLM.Dq661ePDmPEgaAW9Oh_L3JKkDpB4xReb54_pZebnUG0h6Sb4KUVDpNtWEofWM39yg==",
         "instance_url":"https://na1.salesforce.com","signature":"CMJ4l+CCaPQiKjoOEwEig9H4wqhpuLSk4J2urAe+fVg=","access_token":"00Dx0000000BV7z!AR8AQBM8J_xr9kLqmZIRyQxZgLcM4HVi41aGtW0qW3JCzf5xdTGGGSoVim8FfJkZEqxbjaFbberKGk8v8AnYrvChG4qJbQo8","token_type":"Bearer","scope":"id api refresh_token"}
        """;
}
