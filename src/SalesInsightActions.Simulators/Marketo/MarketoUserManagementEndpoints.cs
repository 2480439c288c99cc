using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>
/// User Management API: no envelope (bare JSON, non-200 + errors on failure), not under /rest.
/// </summary>
internal static class MarketoUserManagementEndpoints
{
    private const int MaxPageSize = 200;

    public static void MapMarketoUserManagement(this RouteGroupBuilder rest)
    {
        rest.MapGet("/userservice/management/v1/users/allusers.json", (int? pageOffset, int? pageSize, SimulatorOptions options) =>
        {
            if (!options.Marketo.UserManagementAccess)
            {
                return AccessDenied();
            }

            int size = Math.Clamp(pageSize ?? 20, 1, MaxPageSize);
            int offset = Math.Max(0, pageOffset ?? 0);
            return Results.Json(MarketoUserDirectory.Users(options).Skip(offset).Take(size).ToList(), UserJson);
        });
        rest.MapGet("/userservice/management/v1/users/{userid}/user.json", (string userid, SimulatorOptions options) =>
            !options.Marketo.UserManagementAccess ? AccessDenied()
            : MarketoUserDirectory.Users(options).FirstOrDefault(u => string.Equals(u.Userid, userid, StringComparison.OrdinalIgnoreCase)) is { } user
                ? Results.Json(user, UserJson)
                : Results.Json(new UserServiceErrors([new MarketoError("404", $"User '{userid}' not found")]), SimulatorJson.Options, statusCode: StatusCodes.Status404NotFound));
    }

    // The API user's role lacks "Access User Management Api".
    private static IResult AccessDenied() =>
        Results.Json(new UserServiceErrors([new MarketoError(MarketoErrorCodes.AccessDenied, MarketoErrorCodes.MessageFor(MarketoErrorCodes.AccessDenied))]), SimulatorJson.Options, statusCode: StatusCodes.Status403Forbidden);

    // Unlike the REST envelope, user records keep null members (e.g. lockedReason: null).
    private static readonly System.Text.Json.JsonSerializerOptions UserJson = new(System.Text.Json.JsonSerializerDefaults.Web);
}
