using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators;

/// <summary>
/// Absolute URLs and cookie paths built from the request, so they hold when the app mounts the
/// simulators under a PathBase (e.g. /sandbox).
/// </summary>
internal static class SimulatorUrls
{
    public static string Root(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string CookiePath(HttpRequest request) => request.PathBase.HasValue ? request.PathBase.Value! : "/";
}
