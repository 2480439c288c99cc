namespace SalesInsightActions.Simulators.Salesforce;

/// <summary>
/// URLs the simulator emits. instance_url and id are absolute and include PathBase (<see cref="SimulatorUrls.Root"/>;
/// the app mounts the simulators under /sandbox). nextRecordsUrl and record attributes.url are root-relative WITHOUT PathBase,
/// as Salesforce's are: clients concatenate instance_url + nextRecordsUrl.
/// </summary>
internal static class SalesforceUrls
{
    public static string SObject(string apiVersion, string type, string id) => $"/services/data/v{apiVersion}/sobjects/{type}/{id}";
}
