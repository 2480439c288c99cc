using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Simulators.Faults;
using SalesInsightActions.Simulators.Salesforce.OAuth;

namespace SalesInsightActions.Simulators.Salesforce.Rest;

/// <summary>
/// Runs before every /services/data/vNN.0/… endpoint: API version check, injected faults, bearer
/// check (401 INVALID_SESSION_ID), daily API limit (403 REQUEST_LIMIT_EXCEEDED) and the
/// Sforce-Limit-Info header that every REST response carries.
/// </summary>
internal sealed class SalesforceRestFilter : IEndpointFilter
{
    public const int MinApiVersion = 50;
    public const int MaxApiVersion = 66;
    private const string GrantKey = "sim.salesforce.grant";
    private const string VersionKey = "sim.salesforce.version";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        HttpContext context = invocation.HttpContext;
        var simulator = context.RequestServices.GetRequiredService<SalesforceSimulatorState>();
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["Sforce-Limit-Info"] = simulator.ApiUsage.Header;
            return Task.CompletedTask;
        });

        string? version = context.GetRouteValue("version")?.ToString();
        if (!IsSupportedVersion(version))
        {
            return SalesforceErrors.NotFound();
        }
        context.Items[VersionKey] = version;

        (TimeSpan delay, int? faultStatus) = NextFault(context);
        // The delay's timer starts before the request is tracked: whoever sees it in flight (a test
        // advancing a fake clock, the next request's long-running check) can rely on its timer running.
        using var refused = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        Task delayed = delay > TimeSpan.Zero
            ? Task.Delay(delay, context.RequestServices.GetRequiredService<TimeProvider>(), refused.Token)
            : Task.CompletedTask;
        // Tracked from here, so slow (delayed) requests count as long-running for the ones after them.
        if (!simulator.ApiUsage.TryBeginRequest(out long requestId))
        {
            await refused.CancelAsync();
            return SalesforceErrors.ConcurrentRequestsExceeded();
        }
        try
        {
            return await RunAsync(invocation, next, context, simulator, delayed, faultStatus);
        }
        finally
        {
            simulator.ApiUsage.EndRequest(requestId);
        }
    }

    private static async ValueTask<object?> RunAsync(
        EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, HttpContext context, SalesforceSimulatorState simulator, Task delayed, int? faultStatus)
    {
        await delayed;
        if (faultStatus is { } status)
        {
            return status == StatusCodes.Status503ServiceUnavailable
                ? SalesforceErrors.Single(status, "SERVER_UNAVAILABLE", "Server temporarily unavailable. Please retry your request.")
                : SalesforceErrors.Single(status, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)");
        }

        string? token = AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out AuthenticationHeaderValue? header)
            && (string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || string.Equals(header.Scheme, "OAuth", StringComparison.OrdinalIgnoreCase))
            ? header.Parameter
            : null;
        SalesforceAccessGrant? grant = simulator.OAuth.ValidateAccessToken(token, simulator.SessionTimeout);
        if (grant is null || simulator.Setup.ConnectedAppBlocked)
        {
            return SalesforceErrors.InvalidSession();
        }
        if (simulator.Setup.ApiDisabled)
        {
            return SalesforceErrors.Single(StatusCodes.Status403Forbidden, "API_DISABLED_FOR_ORG", "API is not enabled for this Organization or Partner");
        }
        if (!simulator.ApiUsage.TryConsume())
        {
            return SalesforceErrors.LimitExceeded();
        }
        context.Items[GrantKey] = grant;
        return await next(invocation);
    }

    public static SalesforceAccessGrant Grant(HttpContext context) => (SalesforceAccessGrant)context.Items[GrantKey]!;

    /// <summary>"62.0" for a request under /services/data/v62.0/.</summary>
    public static string ApiVersion(HttpContext context) => (string)context.Items[VersionKey]!;

    public static bool IsSupportedVersion(string? version) =>
        version is { Length: 4 } && version.EndsWith(".0", StringComparison.Ordinal)
        && int.TryParse(version.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int major)
        && major is >= MinApiVersion and <= MaxApiVersion;

    // The common fault injector (knobs under Simulators:Faults and /_sim/faults) drives every vendor.
    private static (TimeSpan Delay, int? Status) NextFault(HttpContext context)
    {
        FaultInjector injector = context.RequestServices.GetRequiredService<FaultInjector>();
        return (injector.ResponseDelay, injector.NextHttpFault());
    }
}
