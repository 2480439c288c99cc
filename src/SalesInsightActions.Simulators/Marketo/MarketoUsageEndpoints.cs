using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SalesInsightActions.Simulators.Marketo;

internal sealed record UsageUser(string UserId, int Count);

internal sealed record DailyUsage(string Date, int Total, IReadOnlyList<UsageUser> Users);

/// <summary>GET /rest/v1/stats/usage.json: today's call count (the call itself included).</summary>
internal static class MarketoUsageEndpoints
{
    public static void MapMarketoUsage(this RouteGroupBuilder rest)
    {
        rest.MapGet("/rest/v1/stats/usage.json", (MarketoLimiter limiter, SimulatorOptions options) =>
        {
            int total = limiter.DailyCount;
            return MarketoResults.Success([new DailyUsage(
                limiter.QuotaDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                total,
                [new UsageUser(options.Marketo.ApiUserEmail, total)])]);
        });
    }
}
