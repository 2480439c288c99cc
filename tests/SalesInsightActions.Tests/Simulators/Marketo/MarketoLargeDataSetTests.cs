using System.Diagnostics;
using System.Text.Json;

using static SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Simulators.Marketo;

/// <summary>Measures time and process memory, so it runs alone (see <see cref="SimulatorMeasurementsCollection"/>).</summary>
[Collection(SimulatorMeasurementsCollection.Name)]
public sealed class MarketoLargeDataSetTests
{
    [Fact]
    public async Task Lead_1_499_999_of_a_1_5_million_data_set_is_found_quickly_by_id_and_by_email()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync(o => o.DataSet.PersonCount = 1_500_000);
        using HttpClient http = await CreateAuthorizedClientAsync(server);
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        Stopwatch watch = Stopwatch.StartNew();

        JsonElement byId = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=id&filterValues=1499999&fields=email,sfdcLeadId,sfdcContactId,company"))[0];
        string email = byId.GetProperty("email").GetString()!;
        JsonElement byEmail = Result(await GetJsonAsync(http, "rest/v1/leads.json?filterType=email&filterValues=" + Uri.EscapeDataString(email)))[0];
        watch.Stop();

        Assert.Equal(1499999, byId.GetProperty("id").GetInt64());
        Assert.Equal(1499999, byEmail.GetProperty("id").GetInt64());
        // Generous bound: the CI machine has 2 cores shared with other test runs.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.True(GC.GetTotalMemory(forceFullCollection: true) - memoryBefore < 50_000_000);
    }
}
