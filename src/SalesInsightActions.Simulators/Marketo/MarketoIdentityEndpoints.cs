using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

using SalesInsightActions.Simulators.Faults;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>GET/POST /identity/oauth/token (client credentials). Not subject to the REST limits.</summary>
internal static class MarketoIdentityEndpoints
{
    public static void MapMarketoIdentity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/identity/oauth/token", [HttpMethods.Get, HttpMethods.Post], IssueTokenAsync);
    }

    private static async Task<IResult> IssueTokenAsync(
        HttpRequest request,
        SimulatorOptions options,
        MarketoTokenStore tokens,
        FaultInjector faults,
        ILoggerFactory loggers)
    {
        if (faults.NextHttpFault() is { } status)
        {
            return Results.StatusCode(status);
        }
        Dictionary<string, string> parameters = request.Query.ToDictionary(static q => q.Key, static q => q.Value.ToString());
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in await request.ReadFormAsync())
            {
                parameters[pair.Key] = pair.Value.ToString();
            }
        }
        string? grantType = parameters.GetValueOrDefault("grant_type");
        if (!string.Equals(grantType, "client_credentials", StringComparison.Ordinal))
        {
            return Results.Json(new IdentityError("unsupported_grant_type", "Unsupported grant type"), IdentityJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }
        if (parameters.GetValueOrDefault("client_id") != options.Marketo.ClientId
            || parameters.GetValueOrDefault("client_secret") != options.Marketo.ClientSecret)
        {
            loggers.CreateLogger(typeof(MarketoIdentityEndpoints)).LogInformation("Marketo simulator refused a token request: bad client credentials");
            return Results.Json(new IdentityError("unauthorized", "Bad client credentials"), IdentityJson.Options, statusCode: StatusCodes.Status401Unauthorized);
        }
        (string token, int expiresIn) = tokens.IssueOrReuse();
        return Results.Json(new IdentityToken(token, "bearer", expiresIn, options.Marketo.ApiUserEmail), IdentityJson.Options);
    }
}

internal sealed record IdentityToken(string AccessToken, string TokenType, int ExpiresIn, string Scope);

internal sealed record IdentityError(string Error, string ErrorDescription);

internal static class IdentityJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
    };
}
