using System.Net;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Infrastructure.Telemetry;

/// <summary>
/// Decides who may scrape /metrics: a direct client whose address is in Telemetry:MetricsAllowedNetworks. A request
/// that came through a proxy (Forwarded / X-Forwarded-For still present, i.e. not resolved by a trusted forwarded-headers
/// step) is refused even from loopback, because its real client is unknown: a reverse proxy on this machine must not
/// turn every internet request into a loopback one.
/// </summary>
public sealed class MetricsAccess(IOptions<TelemetryOptions> options)
{
    private readonly IReadOnlyList<IPNetwork> _allowed = options.Value.AllowedNetworks();

    public bool IsAllowed(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey("Forwarded") || context.Request.Headers.ContainsKey("X-Forwarded-For"))
        {
            return false;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return _allowed.Any(n => n.Contains(address));
    }
}
