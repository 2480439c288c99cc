namespace SalesInsightActions.Simulators.Marketo;

internal sealed record UserRoleWorkspace(int AccessRoleId, string AccessRoleName, int WorkspaceId, string WorkspaceName);

internal sealed record MarketoUser(
    string Userid,
    string FirstName,
    string LastName,
    string EmailAddress,
    bool OptedIn,
    int FailedLogins,
    int FailedDeviceCode,
    bool IsLocked,
    string? LockedReason,
    int Id,
    bool ApiOnly,
    IReadOnlyList<UserRoleWorkspace> UserRoleWorkspaces,
    string? ExpiresAt,
    string? LastLoginAt);

/// <summary>Seeded Marketo users for "pick Marketo admins": three Admins, others not.</summary>
internal static class MarketoUserDirectory
{
    private static readonly UserRoleWorkspace AdminAllZones = new(1, "Admin", 0, "AllZones");
    private static readonly UserRoleWorkspace StandardDefault = new(2, "Standard User", 1, "Default");
    private static readonly UserRoleWorkspace MarketingDefault = new(3, "Marketing User", 1, "Default");
    private static readonly UserRoleWorkspace ApiOnlyAllZones = new(4, "API Role", 0, "AllZones");

    public static IReadOnlyList<MarketoUser> Users(SimulatorOptions options) =>
    [
        User(101, "marta.admin@sim-marketo.example", "Marta", "Alvarez", [AdminAllZones], lastLogin: "2026-11-20T09:12:44.000t+0000"),
        User(102, "kofi.admin@sim-marketo.example", "Kofi", "Mensah", [AdminAllZones, MarketingDefault], lastLogin: "2026-11-18T15:02:10.000t+0000"),
        User(103, "lena.ops@sim-marketo.example", "Lena", "Fischer", [AdminAllZones], lastLogin: "2026-10-02T11:45:00.000t+0000"),
        User(104, "sam.marketer@sim-marketo.example", "Sam", "Okoro", [MarketingDefault], lastLogin: "2026-11-21T08:30:00.000t+0000"),
        User(105, "ivy.viewer@sim-marketo.example", "Ivy", "Tanaka", [StandardDefault], lastLogin: null),
        User(106, options.Marketo.ApiUserEmail, "Sales Insight", "API", [ApiOnlyAllZones], lastLogin: null, apiOnly: true),
    ];

    private static MarketoUser User(int id, string email, string first, string last, IReadOnlyList<UserRoleWorkspace> roles, string? lastLogin, bool apiOnly = false)
    {
        return new MarketoUser(email, first, last, email, false, 0, 0, false, null, id, apiOnly, roles, null, lastLogin);
    }
}
