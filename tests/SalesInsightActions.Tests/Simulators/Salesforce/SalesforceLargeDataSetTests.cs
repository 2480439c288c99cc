using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

public sealed class SalesforceLargeDataSetTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Queries_over_one_and_a_half_million_people_stream_with_limit_and_paging()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.DataSet.PersonCount = 1_500_000);
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        var watch = Stopwatch.StartNew();
        JsonElement limited = await SalesforceApi.JsonAsync(await api.QueryAsync("SELECT Id, Email FROM Lead ORDER BY Id LIMIT 5"));
        output.WriteLine($"limit: {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        JsonElement first = await SalesforceApi.JsonAsync(await api.QueryAsync("SELECT Id FROM Lead", batchSize: 2000));
        output.WriteLine($"first page with count: {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        JsonElement second = await SalesforceApi.JsonAsync(await api.GetAsync(first.GetProperty("nextRecordsUrl").GetString()!));
        output.WriteLine($"second page: {watch.ElapsedMilliseconds} ms");

        Assert.Equal(5, limited.GetProperty("records").GetArrayLength());
        Assert.Equal(5, limited.GetProperty("totalSize").GetInt32());
        Assert.True(first.GetProperty("totalSize").GetInt32() > 300_000);
        Assert.Equal(2000, second.GetProperty("records").GetArrayLength());
        Assert.NotEqual(first.GetProperty("records")[1999].GetProperty("Id").GetString(), second.GetProperty("records")[0].GetProperty("Id").GetString());
    }
}
