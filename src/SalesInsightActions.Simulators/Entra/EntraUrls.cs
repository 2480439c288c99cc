using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>Absolute issuer URLs (they include the PathBase, see <see cref="SimulatorUrls"/>).</summary>
internal static class EntraUrls
{
    public static string Issuer(HttpRequest request, string tenantId) => $"{SimulatorUrls.Root(request)}/{tenantId}/v2.0";
}
