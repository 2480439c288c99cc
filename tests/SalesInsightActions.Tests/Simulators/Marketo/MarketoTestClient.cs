namespace SalesInsightActions.Tests.Simulators.Marketo;

/// <summary>The shared raw-HTTP helpers (tests/Shared/MarketoTestClient.cs) on this project's in-process simulators.</summary>
internal static partial class MarketoTestClient
{
    public static Task<HttpClient> CreateAuthorizedClientAsync(SimulatorServer server) => AuthorizeAsync(server.CreateClient());
}
