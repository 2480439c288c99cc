using System.Globalization;
using System.Net.Http.Json;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>User Management API: bare JSON bodies (no envelope, no <c>success</c>); failure is a non-200 status with <c>errors</c>.</summary>
internal sealed partial class MarketoClient
{
    private const int UsersPageSize = 200;

    public async Task<IReadOnlyList<MarketoUser>> GetUsersAsync(CancellationToken cancellationToken = default)
    {
        var users = new List<MarketoUser>();
        for (var offset = 0; ; offset += UsersPageSize)
        {
            var page = await GetUserServiceAsync<List<MarketoUser>>(
                "userservice/management/v1/users/allusers.json",
                [new("pageOffset", offset.ToString(CultureInfo.InvariantCulture)), new("pageSize", UsersPageSize.ToString(CultureInfo.InvariantCulture))],
                cancellationToken).ConfigureAwait(false);
            users.AddRange(page);
            if (page.Count < UsersPageSize)
            {
                return users;
            }
        }
    }

    public Task<MarketoUser> GetUserAsync(string userid, CancellationToken cancellationToken = default) =>
        GetUserServiceAsync<MarketoUser>($"userservice/management/v1/users/{Uri.EscapeDataString(userid)}/user.json", [], cancellationToken);

    public async Task<IReadOnlyList<MarketoUserWithRoles>> GetAdminUsersAsync(CancellationToken cancellationToken = default)
    {
        var admins = new List<MarketoUserWithRoles>();
        foreach (var user in (await GetUsersAsync(cancellationToken).ConfigureAwait(false)).Where(u => !u.ApiOnly))
        {
            // allusers.json carries no roles; user.json does (userRoleWorkspaces).
            var roles = user.UserRoleWorkspaces ?? (await GetUserAsync(user.Userid, cancellationToken).ConfigureAwait(false)).UserRoleWorkspaces ?? [];
            var withRoles = new MarketoUserWithRoles(user, roles);
            if (withRoles.IsAdmin)
            {
                admins.Add(withRoles);
            }
        }

        return admins;
    }

    private async Task<T> GetUserServiceAsync<T>(string path, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        using var request = BuildGet(path, query);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw HttpFailure(response);
        }

        if (response.RequestMessage?.GetEnvelopeError() is not null)
        {
            // Some failures still come as 200 + REST envelope (e.g. 601/602 from the shared gateway).
            throw HttpFailure(response);
        }

        return await response.Content.ReadFromJsonAsync<T>(MarketoJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new MarketoApiException("empty", "The User Management API returned an empty body.", MarketoErrorClassification.Retry, (int)response.StatusCode);
    }
}
