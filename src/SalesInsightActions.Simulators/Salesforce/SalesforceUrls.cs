using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Salesforce;

/// <summary>
/// URLs the simulator emits. instance_url and id are absolute and include PathBase (the app mounts the
/// simulators under /sandbox). nextRecordsUrl and record attributes.url are root-relative WITHOUT PathBase,
/// as Salesforce's are: clients concatenate instance_url + nextRecordsUrl.
/// </summary>
internal static class SalesforceUrls
{
    public static string Root(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string SObject(string apiVersion, string type, string id) => $"/services/data/v{apiVersion}/sobjects/{type}/{id}";
}
