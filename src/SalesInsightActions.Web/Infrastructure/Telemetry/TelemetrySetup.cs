using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SalesInsightActions.Web.Infrastructure.Telemetry;

public static class TelemetrySetup
{
    /// <summary>Every meter and activity source of ours is named SalesInsightActions.&lt;Capability&gt;.</summary>
    private const string OurInstruments = "SalesInsightActions.*";

    public const string MetricsPath = "/metrics";

    /// <summary>
    /// OpenTelemetry metrics (ours, ASP.NET Core, HttpClient, the .NET runtime, Npgsql) for Prometheus at /metrics and,
    /// when a collector is configured, OTLP; traces (requests, outgoing calls, Npgsql commands, sync runs and batches)
    /// only to that collector. Serilog stays the log pipeline.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        builder.Services.AddOptions<TelemetryOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MetricsAccess>();

        // The exporters are chosen while the services are built; an invalid setting fails start-up through the options above.
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = options.ResolveOtlpEndpoint(builder.Configuration[TelemetryOptions.OtlpEndpointVariable]);
        var version = typeof(TelemetrySetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: version))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OurInstruments)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter("System.Runtime")
                    .AddMeter("Npgsql");
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => Configure(o, otlp, options.OtlpProtocol, "v1/metrics"));
                }
            });

        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(OurInstruments)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/health");
                    o.EnrichWithHttpResponse = (activity, response) => HideRouteValues(activity, response.HttpContext);
                })
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql")
                .AddOtlpExporter(o => Configure(o, otlp, options.OtlpProtocol, "v1/traces")));
        }

        return builder;
    }

    /// <summary>
    /// /metrics for Prometheus, answered only to <see cref="MetricsAccess"/>'s networks; anyone else gets 404 as if it
    /// did not exist. Metrics carry Sales account ids, never people or secrets, but they are still nobody else's business.
    /// </summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.PrometheusEnabled)
        {
            var access = app.Services.GetRequiredService<MetricsAccess>();
            app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
            {
                if (access.IsAllowed(context))
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }), optionsName: null);
        }

        return app;
    }

    private static void Configure(OtlpExporterOptions o, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        o.Protocol = protocol;
        // Over HTTP each signal has its own path under the base address (what the standard variable means too).
        o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath) : endpoint;
    }

    /// <summary>A URL path can carry a secret (the Salesforce hand-off link's token): spans keep the route template instead.</summary>
    private static void HideRouteValues(System.Diagnostics.Activity activity, HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern: { Parameters.Count: > 0 } pattern })
        {
            activity.SetTag("url.path", pattern.RawText);
        }
    }
}
