using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>Entra-shaped OAuth error bodies: {error, error_description "AADSTSnnnn: …", error_codes, timestamp, trace_id, correlation_id}.</summary>
internal static class EntraErrors
{
    public static bool IsKnownTenant(string tenant, EntraSimulatorOptions options) =>
        string.Equals(tenant, options.TenantId, StringComparison.OrdinalIgnoreCase);

    public static IResult UnknownTenant(string tenant) =>
        OAuthError(StatusCodes.Status400BadRequest, "invalid_tenant", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");

    public static IResult OAuthError(int status, string error, int code, string description)
    {
        var body = new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: {Guid.NewGuid()} Correlation ID: {Guid.NewGuid()} Timestamp: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ssZ}",
            ["error_codes"] = new[] { code },
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["trace_id"] = Guid.NewGuid().ToString(),
            ["correlation_id"] = Guid.NewGuid().ToString(),
        };
        return EntraJson.Result(body, statusCode: status);
    }
}
