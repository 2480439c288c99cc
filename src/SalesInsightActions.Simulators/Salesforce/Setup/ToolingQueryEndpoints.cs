using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SalesInsightActions.Simulators.Salesforce.Rest;

namespace SalesInsightActions.Simulators.Salesforce.Setup;

/// <summary>
/// tooling/query, only for InstalledSubscriberPackage (what a client asks to find an installed package and its version).
/// The WHERE clause is not evaluated: the answer lists the MSI package when <see cref="SalesforceOrgSetup.PackageInstalled"/>.
/// </summary>
internal static class ToolingQueryEndpoints
{
    public static void Map(RouteGroupBuilder rest)
    {
        rest.MapGet("/tooling/query", (string? q, SalesforceSimulatorState simulator) =>
        {
            if (q is null || !q.Contains("FROM InstalledSubscriberPackage", StringComparison.OrdinalIgnoreCase))
            {
                return SalesforceErrors.Single(StatusCodes.Status400BadRequest, "INVALID_TYPE", "The simulator's Tooling API answers only queries of InstalledSubscriberPackage.");
            }
            SalesforceOrgSetup setup = simulator.Setup;
            var records = new List<object>();
            if (setup.PackageInstalled)
            {
                int[] parts = [.. setup.PackageVersion.Split('.').Select(p => int.TryParse(p, out int n) ? n : 0), 0, 0, 0];
                records.Add(new Dictionary<string, object?>
                {
                    ["attributes"] = new Dictionary<string, string> { ["type"] = "InstalledSubscriberPackage" },
                    ["Id"] = "0A3000000000001AAA",
                    ["SubscriberPackage"] = new Dictionary<string, object?>
                    {
                        ["attributes"] = new Dictionary<string, string> { ["type"] = "SubscriberPackage" },
                        ["NamespacePrefix"] = SalesforceOrgSetup.PackageNamespace,
                        ["Name"] = SalesforceOrgSetup.PackageName,
                    },
                    ["SubscriberPackageVersion"] = new Dictionary<string, object?>
                    {
                        ["attributes"] = new Dictionary<string, string> { ["type"] = "SubscriberPackageVersion" },
                        ["MajorVersion"] = parts[0],
                        ["MinorVersion"] = parts[1],
                        ["PatchVersion"] = parts[2],
                    },
                });
            }
            return SalesforceJson.Result(new Dictionary<string, object?>
            {
                ["size"] = records.Count,
                ["totalSize"] = records.Count,
                ["done"] = true,
                ["entityTypeName"] = "InstalledSubscriberPackage",
                ["records"] = records,
            });
        });
    }
}
