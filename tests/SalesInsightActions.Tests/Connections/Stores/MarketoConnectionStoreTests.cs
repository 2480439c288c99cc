using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Connections.Marketo;

namespace SalesInsightActions.Tests.Connections.Stores;

/// <summary>The stored Marketo connection: secret encrypted at rest, usable by the client against the simulator over HTTP.</summary>
public sealed class MarketoConnectionStoreTests : AppTest
{
    private const string Secret = "sim-marketo-client-secret";
    private Guid _account;

    protected override async Task SeedAsync() => _account = await AccountSeeder.CreateAccountAsync(App);

    [Fact]
    public async Task Stored_client_secret_is_encrypted_and_the_restored_connection_gets_a_token()
    {
        await using var marketo = await SimulatorServer.StartAsync();
        await using (var scope = App.CreateScope(_account, out _))
        {
            await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
                .SaveAsync(" 123-abc-456 ", marketo.BaseUrl, " sim-marketo-client-id ", $" {Secret} ", Guid.NewGuid());
        }

        await using var check = App.CreateScope(_account, out var db);
        var row = await db.MarketoConnections.SingleAsync();
        var restored = await check.ServiceProvider.GetRequiredService<MarketoConnectionStore>().GetAsync();
        var token = await check.ServiceProvider.GetRequiredService<IMarketoClientFactory>().Create(restored!).GetTokenAsync();

        Assert.Equal("123-ABC-456", row.MunchkinId);
        Assert.DoesNotContain(Secret, row.ProtectedClientSecret, StringComparison.Ordinal);
        Assert.Equal(Secret, restored!.ClientSecret);
        Assert.Equal("sim-marketo-client-id", restored.ClientId);
        Assert.DoesNotContain(Secret, restored.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(token.Value));
    }

    [Fact]
    public async Task Another_account_cannot_read_the_connection()
    {
        var other = await AccountSeeder.CreateAccountAsync(App, "Globex");
        await using (var scope = App.CreateScope(_account, out _))
        {
            await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
                .SaveAsync("123-ABC-456", new Uri("https://123-ABC-456.mktorest.com"), "id", Secret, Guid.NewGuid());
        }

        await using var asOther = App.CreateScope(other, out _);
        Assert.Null(await asOther.ServiceProvider.GetRequiredService<MarketoConnectionStore>().GetAsync());
    }
}
