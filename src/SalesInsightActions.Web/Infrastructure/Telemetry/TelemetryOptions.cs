using System.ComponentModel.DataAnnotations;
using System.Net;
using OpenTelemetry.Exporter;

namespace SalesInsightActions.Web.Infrastructure.Telemetry;

/// <summary>Section "Telemetry": where metrics and traces go, and who may scrape /metrics.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>The standard variable, read when <see cref="OtlpEndpoint"/> is not set.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Only this machine, unless the operator names the monitoring network.</summary>
    public static readonly IReadOnlyList<string> DefaultMetricsAllowedNetworks = ["127.0.0.0/8", "::1/128"];

    /// <summary>service.name on every metric and span.</summary>
    [Required]
    [MaxLength(100)]
    public string ServiceName { get; set; } = "sales-insight-actions";

    /// <summary>
    /// An OpenTelemetry collector's base address (e.g. http://otel-collector:4317). Metrics and traces are exported there
    /// when it (or OTEL_EXPORTER_OTLP_ENDPOINT) is set; traces are not collected at all otherwise.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Grpc (port 4317, the default) or HttpProtobuf (port 4318; /v1/metrics and /v1/traces are appended).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Serve the Prometheus scrape endpoint at /metrics.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>
    /// Networks (CIDR, e.g. 10.0.0.0/8) whose clients may GET /metrics; everyone else gets 404. Defaults to loopback.
    /// The metrics name Sales accounts, so this must never include the internet.
    /// </summary>
    public string[]? MetricsAllowedNetworks { get; set; }

    public IReadOnlyList<IPNetwork> AllowedNetworks() =>
        [.. (MetricsAllowedNetworks ?? [.. DefaultMetricsAllowedNetworks]).Select(n => IPNetwork.Parse(n.Trim()))];

    /// <summary>The collector to export to: this section's endpoint, else the standard variable; null for none.</summary>
    public Uri? ResolveOtlpEndpoint(string? fromEnvironment)
    {
        var value = string.IsNullOrWhiteSpace(OtlpEndpoint) ? fromEnvironment : OtlpEndpoint;
        return !string.IsNullOrWhiteSpace(value) && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && ResolveOtlpEndpoint(null) is null)
        {
            yield return new ValidationResult(
                $"Telemetry:OtlpEndpoint '{OtlpEndpoint}' is not an absolute http:// or https:// address. Set it to the collector's address, e.g. http://otel-collector:4317, or remove it.",
                [nameof(OtlpEndpoint)]);
        }

        foreach (var network in MetricsAllowedNetworks ?? [])
        {
            if (!IPNetwork.TryParse(network?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"Telemetry:MetricsAllowedNetworks '{network}' is not a network in CIDR form. Write it like 10.0.0.0/8 or 127.0.0.1/32.",
                    [nameof(MetricsAllowedNetworks)]);
            }
        }
    }
}
