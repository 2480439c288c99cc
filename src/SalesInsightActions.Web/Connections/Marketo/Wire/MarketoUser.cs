namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary>
/// An item of the User Management API's <c>users/allusers.json</c> (a bare JSON array, no envelope):
/// <c>{userid, firstName, lastName, emailAddress, id, apiOnly}</c>. Roles are read separately.
/// </summary>
public sealed record MarketoUser(
    string Userid,
    string? FirstName,
    string? LastName,
    string? EmailAddress,
    long Id,
    bool ApiOnly,
    IReadOnlyList<MarketoUserRoleWorkspace>? UserRoleWorkspaces = null);

/// <summary>An item of <c>userRoleWorkspaces</c> in <c>users/{userid}/user.json</c>.</summary>
public sealed record MarketoUserRoleWorkspace(int AccessRoleId, string? AccessRoleName, int WorkspaceId, string? WorkspaceName);

/// <summary>A user with the roles Marketo reports for them.</summary>
public sealed record MarketoUserWithRoles(MarketoUser User, IReadOnlyList<MarketoUserRoleWorkspace> Roles)
{
    public bool IsAdmin => Roles.Any(r => string.Equals(r.AccessRoleName, "Admin", StringComparison.OrdinalIgnoreCase));
}
