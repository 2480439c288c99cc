using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>Absolute issuer URLs, built from the request so they hold under a PathBase (e.g. /sandbox).</summary>
internal static class EntraUrls
{
    public static string Root(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string Issuer(HttpRequest request, string tenantId) => $"{Root(request)}/{tenantId}/v2.0";

    public static string CookiePath(HttpRequest request) => request.PathBase.HasValue ? request.PathBase.Value! : "/";
}
