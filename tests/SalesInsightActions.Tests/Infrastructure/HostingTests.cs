using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Infrastructure;

public sealed class HostingTests
{
    [Fact]
    public async Task Fresh_database_is_migrated_at_startup_and_ready_reports_healthy()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString);
        using var client = app.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_reports_unavailable_while_migrations_are_pending()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        using var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("migrations are not applied", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Ready_reports_unavailable_when_the_database_cannot_be_reached()
    {
        // A port nothing listens on: the check must answer 503, not hang or throw a 500.
        var unreachable = "Host=127.0.0.1;Port=1;Username=postgres;Password=x;Timeout=2";
        await using var app = new AppFactory(unreachable, new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        using var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.DoesNotContain("Exception", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_share_data_protection_keys()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var first = new AppFactory(database.ConnectionString);
        await using var second = new AppFactory(database.ConnectionString);
        first.CreateClient().Dispose();

        var protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("shared secret");
        second.CreateClient().Dispose();
        var unprotected = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText);

        Assert.Equal("shared secret", unprotected);
    }

    [Fact]
    public async Task Invalid_options_stop_the_app_at_startup()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?> { ["Database:CommandTimeoutSeconds"] = "0" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("CommandTimeoutSeconds", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_page_shows_a_localized_not_found_page()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
