using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Infrastructure;

/// <summary>Settings that are harmless on a laptop and dangerous on the internet stop a production start.</summary>
public sealed class ProductionSafeguardTests
{
    [Fact]
    public async Task Sandbox_mode_refuses_to_start_in_production()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Sandbox:Enabled"] = "true",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Sandbox:Enabled", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Production", error.ToString(), StringComparison.Ordinal);
    }
}
