using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SalesInsightActions.Tests.Localization;

namespace SalesInsightActions.Tests.Hosting;

/// <summary>The simulators' standalone host, started as its own process on a chosen port, as the README documents.</summary>
public sealed class StandaloneSimulatorHostTests
{
    [Fact]
    public async Task Standalone_host_serves_marketo_and_salesforce_at_the_root_of_the_chosen_port()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(LocalizationTests.RepositoryRoot(), "src", "SalesInsightActions.Simulators.Host", "bin", configuration, "net10.0", "SalesInsightActions.Simulators.Host.dll");
        Assert.True(File.Exists(dll), "Build the Simulators.Host project first: " + dll);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        using var host = Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var token = await WaitForAsync(() => http.GetAsync("/identity/oauth/token?grant_type=client_credentials&client_id=sim-marketo-client-id&client_secret=sim-marketo-client-secret"));
            using var tokenJson = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
            Assert.Equal("bearer", tokenJson.RootElement.GetProperty("token_type").GetString());

            using var leads = new HttpRequestMessage(HttpMethod.Get, "/rest/v1/leads.json?filterType=id&filterValues=1,2");
            leads.Headers.Authorization = new("Bearer", tokenJson.RootElement.GetProperty("access_token").GetString());
            using var leadsJson = JsonDocument.Parse(await (await http.SendAsync(leads)).Content.ReadAsStringAsync());
            Assert.True(leadsJson.RootElement.GetProperty("success").GetBoolean());
            Assert.Equal(2, leadsJson.RootElement.GetProperty("result").GetArrayLength());

            // Salesforce paths answer on the same root, with Salesforce's own error shape.
            var query = await http.GetAsync("/services/data/v62.0/query?q=SELECT+Id+FROM+Lead");
            Assert.Equal(HttpStatusCode.Unauthorized, query.StatusCode);
            using var error = JsonDocument.Parse(await query.Content.ReadAsStringAsync());
            Assert.Equal("INVALID_SESSION_ID", error.RootElement[0].GetProperty("errorCode").GetString());
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    private static async Task<HttpResponseMessage> WaitForAsync(Func<Task<HttpResponseMessage>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var response = await call();
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("The standalone simulator host did not answer within 30 s.");
            }

            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
