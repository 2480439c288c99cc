using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SalesInsightActions.Simulators.Salesforce.Rest;

/// <summary>GET /services/data/ (versions, no auth), GET vNN.0/ (resources) and GET vNN.0/limits.</summary>
internal static class VersionAndLimitsEndpoints
{
    private static readonly string[] Seasons = ["Winter", "Spring", "Summer"];

    public static void MapVersions(IEndpointRouteBuilder endpoints)
    {
        // Routing ignores the trailing slash, so this one route serves /services/data and /services/data/.
        endpoints.MapGet("/services/data", () => SalesforceJson.Result(Versions()));
    }

    public static void Map(RouteGroupBuilder rest)
    {
        rest.MapGet("/", (HttpContext context) =>
        {
            string prefix = $"/services/data/v{SalesforceRestFilter.ApiVersion(context)}";
            return SalesforceJson.Result(new Dictionary<string, string>
            {
                ["limits"] = prefix + "/limits",
                ["sobjects"] = prefix + "/sobjects",
                ["query"] = prefix + "/query",
                ["queryAll"] = prefix + "/queryAll",
                ["composite"] = prefix + "/composite",
                ["jobs"] = prefix + "/jobs",
            });
        });

        rest.MapGet("/limits", (SalesforceSimulatorState simulator) =>
        {
            int max = simulator.ApiUsage.Limit;
            return SalesforceJson.Result(new Dictionary<string, object>
            {
                ["DailyApiRequests"] = new Dictionary<string, int> { ["Max"] = max, ["Remaining"] = Math.Max(0, max - simulator.ApiUsage.Used) },
                ["DailyBulkV2QueryJobs"] = new Dictionary<string, int> { ["Max"] = 10000, ["Remaining"] = 10000 - simulator.BulkJobs.All.Count },
                ["DailyBulkV2QueryFileStorageMB"] = new Dictionary<string, int> { ["Max"] = 976562, ["Remaining"] = 976562 },
                ["DailyAsyncApexExecutions"] = new Dictionary<string, int> { ["Max"] = 250000, ["Remaining"] = 250000 },
                ["DataStorageMB"] = new Dictionary<string, int> { ["Max"] = 1024, ["Remaining"] = 1000 },
            });
        });
    }

    // v50.0 is Winter '21; three releases a year since.
    private static List<Dictionary<string, string>> Versions() =>
        Enumerable.Range(SalesforceRestFilter.MinApiVersion, SalesforceRestFilter.MaxApiVersion - SalesforceRestFilter.MinApiVersion + 1)
            .Select(v =>
            {
                int step = v - 50;
                int year = 21 + (step / 3);
                return new Dictionary<string, string>
                {
                    ["label"] = $"{Seasons[step % 3]} '{year}",
                    ["url"] = $"/services/data/v{v}.0",
                    ["version"] = $"{v}.0",
                };
            })
            .ToList();
}
