namespace SalesInsightActions.Simulators.Entra;

/// <summary>A directory user of the simulated tenant.</summary>
public sealed record EntraUser(string ObjectId, string UserPrincipalName, string DisplayName, string GivenName, string Surname);

/// <summary>The seeded users (common.md); object ids are fixed so relying parties can key on oid.</summary>
internal static class EntraSeededUsers
{
    public static readonly IReadOnlyList<EntraUser> All =
    [
        new("4a1e0000-0000-4000-8000-0000000000a1", "admin@sim-entra.example", "Sim Entra Admin", "Sim", "Admin"),
        new("4a1e0000-0000-4000-8000-0000000000b2", "user@sim-entra.example", "Sim Entra User", "Sim", "User"),
    ];

    public static EntraUser? Find(string? userPrincipalName) =>
        All.FirstOrDefault(u => string.Equals(u.UserPrincipalName, userPrincipalName?.Trim(), StringComparison.OrdinalIgnoreCase));
}
