using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Infrastructure.Health;

namespace SalesInsightActions.Tests.Hosting;

/// <summary>The container healthcheck: <c>dotnet SalesInsightActions.Web.dll --probe URL</c> (no curl in the runtime image).</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task The_probe_exits_0_for_a_ready_instance_and_1_when_nothing_answers()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, realHttp: true);
        using (app.CreateClient())
        {
        }

        var ready = new Uri(app.ServerAddress, "/health/ready").ToString();
        var output = new StringWriter();
        Assert.Equal(0, await HealthProbe.RunAsync([HealthProbe.Argument, ready], output));
        Assert.Contains("answered 200", output.ToString(), StringComparison.Ordinal);

        // A port nothing listens on: the probe fails instead of hanging or throwing.
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Assert.Equal(1, await HealthProbe.RunAsync([HealthProbe.Argument, $"http://127.0.0.1:{port}/health/ready"], TextWriter.Null));
        Assert.Equal(2, await HealthProbe.RunAsync([HealthProbe.Argument, "not a url"], TextWriter.Null));
    }

    [Fact]
    public void Only_the_probe_argument_selects_the_probe()
    {
        Assert.True(HealthProbe.IsRequested(["--probe"]));
        Assert.False(HealthProbe.IsRequested([]));
        Assert.False(HealthProbe.IsRequested(["--urls", "http://127.0.0.1:5000"]));
    }
}
