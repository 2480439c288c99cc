using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using SalesInsightActions.Web.Users.SignIn.Sso;

namespace SalesInsightActions.Tests.Users.Sso;

/// <summary>The plain-http issuer relaxations apply to sandbox/Development/Testing hosts only, never to production.</summary>
public sealed class EntraSsoSetupTests
{
    [Theory]
    [InlineData("http://localhost:5080/sandbox/", "Production", true, "http://localhost:5080/sandbox")]
    [InlineData("http://127.0.0.1:41000/", "Testing", false, "http://127.0.0.1:41000")]
    [InlineData("http://127.0.0.1:41000/", "Development", false, "http://127.0.0.1:41000")]
    [InlineData("http://login.example/", "Production", false, null)]
    [InlineData("https://login.microsoftonline.com/", "Development", true, null)]
    public void Local_issuer_relaxations_need_plain_http_and_a_sandbox_or_test_host(string instance, string environment, bool sandbox, string? expectedIssuerBase)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = instance,
            ["Sandbox:Enabled"] = sandbox ? "true" : "false",
        }).Build();

        var issuerBase = EntraSsoSetup.LocalIssuerBase(configuration.GetSection("AzureAd"), configuration, new Host(environment));

        Assert.Equal(expectedIssuerBase, issuerBase);
    }

    [Theory]
    [InlineData("common")]
    [InlineData("organizations")]
    [InlineData("Consumers")]
    [InlineData("")]
    public void A_multi_tenant_or_missing_tenant_is_refused_at_startup(string tenant)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = tenant,
            ["AzureAd:ClientId"] = "client",
            ["AzureAd:ClientSecret"] = "secret",
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() =>
            new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddEntraSso(configuration, new Host("Production")));

        Assert.Contains("AzureAd:TenantId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_tenant_configuration_registers_sso()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "contoso.onmicrosoft.com",
            ["AzureAd:ClientId"] = "client",
            ["AzureAd:ClientSecret"] = "secret",
        }).Build();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();

        services.AddEntraSso(configuration, new Host("Production"));

        Assert.Contains(services, d => d.ServiceType == typeof(EntraMemberMatcher));
    }

    private sealed class Host(string environmentName) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = environmentName;
        public string ApplicationName { get; set; } = "SalesInsightActions.Web";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
