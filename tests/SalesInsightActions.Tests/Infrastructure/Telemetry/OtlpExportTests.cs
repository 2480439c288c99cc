using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SalesInsightActions.Tests.Sync;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Infrastructure.Telemetry;
using SalesInsightActions.Web.Sync;

namespace SalesInsightActions.Tests.Infrastructure.Telemetry;

/// <summary>OTLP export to a collector (a stand-in receiving OTLP over HTTP), and the Telemetry options' checks at start-up.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_a_sync_exports_its_spans_and_metrics_without_secrets()
    {
        await using var collector = await FakeCollector.StartAsync();
        await using var host = await SyncTestHost.StartAsync(StoreKind.Postgres, 100, new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = collector.Address.ToString(),
            ["Telemetry:OtlpProtocol"] = "HttpProtobuf",
        });
        Assert.Equal(SyncStatus.UpToDate, await host.RunAsync());

        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        // The Prometheus reader cannot be flushed (it is pulled), so the provider reports false; the OTLP reader is.
        host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);

        var traces = collector.Received("/v1/traces");
        var account = host.AccountId.ToString();
        Assert.Contains("sync.people.run", traces, StringComparison.Ordinal);
        Assert.Contains("sync.people.batch", traces, StringComparison.Ordinal);
        Assert.Contains("sync.batch.size", traces, StringComparison.Ordinal);
        Assert.Contains(account, traces, StringComparison.Ordinal);
        Assert.Contains("Npgsql", traces, StringComparison.Ordinal);
        Assert.Contains("System.Net.Http", traces, StringComparison.Ordinal);
        // Marketo's token request carries the client secret in its query string: spans must not.
        Assert.Contains("client_secret=Redacted", traces, StringComparison.Ordinal);
        Assert.DoesNotContain("sim-marketo-client-secret", traces, StringComparison.Ordinal);

        var metrics = collector.Received("/v1/metrics");
        Assert.Contains("sync.people.written", metrics, StringComparison.Ordinal);
        Assert.Contains("sync.lag", metrics, StringComparison.Ordinal);
        Assert.Contains(account, metrics, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_exported_and_the_standard_variable_is_honoured()
    {
        var options = new TelemetryOptions();
        Assert.Null(options.ResolveOtlpEndpoint(null));
        Assert.Equal(new Uri("http://collector:4317"), options.ResolveOtlpEndpoint("http://collector:4317"));

        options.OtlpEndpoint = "https://otel.example:4318";
        Assert.Equal(new Uri("https://otel.example:4318"), options.ResolveOtlpEndpoint("http://collector:4317"));
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4317", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:OtlpEndpoint", "ftp://collector", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:MetricsAllowedNetworks:0", "everyone", "Telemetry:MetricsAllowedNetworks")]
    [InlineData("Telemetry:MetricsAllowedNetworks:0", "10.0.0.0/40", "Telemetry:MetricsAllowedNetworks")]
    [InlineData("Telemetry:ServiceName", "", "ServiceName")]
    public void Invalid_telemetry_options_fail_validation(string key, string value, string message)
    {
        using var services = Services(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TelemetryOptions>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_telemetry_options_pass()
    {
        using var services = Services(new()
        {
            ["Telemetry:OtlpEndpoint"] = "http://otel-collector:4317",
            ["Telemetry:OtlpProtocol"] = "Grpc",
            ["Telemetry:MetricsAllowedNetworks:0"] = "10.0.0.0/8",
            ["Telemetry:MetricsAllowedNetworks:1"] = "fd00::/8",
        });

        var options = services.GetRequiredService<IOptions<TelemetryOptions>>().Value;

        Assert.Equal(OtlpExportProtocol.Grpc, options.OtlpProtocol);
        Assert.Equal(2, options.AllowedNetworks().Count);
    }

    [Fact]
    public async Task An_invalid_otlp_endpoint_stops_the_app_at_startup()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = "not a url" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Telemetry:OtlpEndpoint", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The app's own registration (Bind + ValidateDataAnnotations) over the given settings.</summary>
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTelemetry();
        return builder.Services.BuildServiceProvider();
    }

    /// <summary>An OTLP/HTTP receiver on loopback keeping every request body (protobuf; its strings are readable UTF-8).</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _bodies = new();

        private FakeCollector(WebApplication app) => _app = app;

        public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._bodies.Enqueue((context.Request.Path.Value!, body.ToArray()));
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            return collector;
        }

        public string Received(string path) =>
            string.Join('\n', _bodies.Where(b => b.Path == path).Select(b => Encoding.UTF8.GetString(b.Body)));

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
