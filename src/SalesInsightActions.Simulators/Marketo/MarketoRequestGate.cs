using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using SalesInsightActions.Simulators.Faults;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>
/// Runs before every Marketo REST/bulk/user-management call, in the real service's order:
/// size limits (413/414), injected faults, token (600/601/602), limits (607/615/606).
/// </summary>
internal sealed class MarketoRequestGate(
    MarketoTokenStore tokens,
    MarketoLimiter limiter,
    FaultInjector faults,
    TimeProvider time,
    ILogger<MarketoRequestGate> logger) : IEndpointFilter
{
    private const int MaxUriLength = 8 * 1024;
    private const long MaxBodyBytes = 1024 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpRequest request = context.HttpContext.Request;
        bool userService = request.Path.StartsWithSegments("/userservice", StringComparison.OrdinalIgnoreCase);
        if (request.Path.Value!.Length + request.QueryString.Value!.Length > MaxUriLength)
        {
            return Results.StatusCode(StatusCodes.Status414UriTooLong);
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        string? token = await ReadTokenAsync(request, allowQueryToken: !userService);
        TokenCheck check = tokens.Check(token);
        if (check != TokenCheck.Valid)
        {
            string code = check switch
            {
                TokenCheck.Missing => MarketoErrorCodes.EmptyAccessToken,
                TokenCheck.Expired => MarketoErrorCodes.AccessTokenExpired,
                _ => MarketoErrorCodes.AccessTokenInvalid,
            };
            logger.LogInformation("Marketo simulator refused {Path}: token check {TokenCheck}", request.Path.Value, check);
            return Refuse(userService, code, StatusCodes.Status401Unauthorized);
        }

        // Latency is spent inside the admitted call, so slow calls really occupy a concurrency slot.
        // It runs on the simulator clock, so a test with a fake clock decides when slow calls end; the
        // timer starts before admission, so a call seen admitted is sure to end when the clock passes it.
        TimeSpan delay = faults.ResponseDelay;
        using var refused = CancellationTokenSource.CreateLinkedTokenSource(context.HttpContext.RequestAborted);
        Task delayed = delay > TimeSpan.Zero ? Task.Delay(delay, time, refused.Token) : Task.CompletedTask;
        string? limit = limiter.TryAdmit();
        if (limit is not null)
        {
            await refused.CancelAsync();
            logger.LogInformation("Marketo simulator refused {Path}: limit {ErrorCode}", request.Path.Value, limit);
            return Refuse(userService, limit, limit == MarketoErrorCodes.DailyQuota ? StatusCodes.Status403Forbidden : StatusCodes.Status429TooManyRequests);
        }
        try
        {
            await delayed;
            FaultDecision fault = faults.NextMarketoFault();
            if (fault.HttpStatus is { } status)
            {
                return Results.StatusCode(status);
            }
            if (fault.MarketoErrorCode is { } injected)
            {
                return Refuse(userService, injected, StatusCodes.Status503ServiceUnavailable);
            }
            return await next(context);
        }
        finally
        {
            limiter.Release();
        }
    }

    // User Management answers errors with a non-200 status and no "success" member.
    private static IResult Refuse(bool userService, string code, int userServiceStatus)
    {
        return userService
            ? Results.Json(new UserServiceErrors([new MarketoError(code, MarketoErrorCodes.MessageFor(code))]), SimulatorJson.Options, statusCode: userServiceStatus)
            : MarketoResults.Error(code);
    }

    private static async Task<string?> ReadTokenAsync(HttpRequest request, bool allowQueryToken)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        if (!allowQueryToken)
        {
            return null;
        }
        if (request.Query["access_token"].ToString() is { Length: > 0 } queryToken)
        {
            return queryToken;
        }
        if (await MarketoRequestParameters.IsGetTunnelledThroughPostAsync(request))
        {
            IFormCollection form = await request.ReadFormAsync();
            return form["access_token"].ToString() is { Length: > 0 } formToken ? formToken : null;
        }
        return null;
    }
}

internal sealed record UserServiceErrors(IReadOnlyList<MarketoError> Errors);
