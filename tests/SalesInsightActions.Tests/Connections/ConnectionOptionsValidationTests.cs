using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce;

namespace SalesInsightActions.Tests.Connections;

public sealed class ConnectionOptionsValidationTests
{
    private static async Task<Exception?> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<ISalesforceTokenStore, Salesforce.InMemorySalesforceTokenStore>();
        builder.Services.AddMarketoClient(builder.Configuration);
        builder.Services.AddSalesforceClient(builder.Configuration);
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        ["Salesforce:ClientId"] = "sim-salesforce-client-id",
        ["Salesforce:ClientSecret"] = "sim-salesforce-client-secret",
    };

    [Fact]
    public async Task Defaults_with_connected_app_credentials_start()
    {
        Assert.Null(await StartAsync(Valid()));
    }

    [Theory]
    [InlineData("Marketo:SafetyShare", "1.5")]
    [InlineData("Marketo:MaxConcurrentCalls", "11")]
    [InlineData("Salesforce:ApiVersion", "62")]
    [InlineData("Salesforce:RedirectPath", "callback")]
    [InlineData("Salesforce:ClientSecret", "")]
    public async Task Invalid_settings_stop_the_app_at_startup(string key, string value)
    {
        var settings = Valid();
        settings[key] = value;

        var error = await StartAsync(settings);

        Assert.IsType<OptionsValidationException>(error);
    }

    [Fact]
    public void Marketo_share_applies_to_window_and_daily_budget()
    {
        var options = new MarketoClientOptions { VendorCallsPerWindow = 100, DailyQuota = 50_000, SafetyShare = 0.8 };

        Assert.Equal((80, 40_000), (options.ClientCallsPerWindow, options.ClientDailyBudget));
    }
}
