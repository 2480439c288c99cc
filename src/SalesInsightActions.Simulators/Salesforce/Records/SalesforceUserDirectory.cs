using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Simulators.Salesforce.Records;

/// <summary>A Salesforce user who can sign in, with the org the simulator places them in.</summary>
public sealed record SalesforceLoginUser(
    string Id,
    string Username,
    string Email,
    string FirstName,
    string LastName,
    string Title,
    string ProfileName,
    string OrgId,
    bool IsSandbox,
    bool IsActive,
    bool ApiEnabled)
{
    public string Name => FirstName + " " + LastName;
}

/// <summary>
/// Who can sign in. Org kind is a per-user attribute: users @sim-salesforce-sandbox.example belong to
/// the sandbox org, everyone else to production. Both orgs are served from the same host and the same
/// record data (a full-copy sandbox keeps record ids), which keeps the simulator simple; real clients
/// pick login.salesforce.com or test.salesforce.com, here they simply sign in as a sandbox user.
/// </summary>
public sealed class SalesforceUserDirectory
{
    public const string SandboxDomain = "@sim-salesforce-sandbox.example";

    public SalesforceUserDirectory(SeededDataSet dataSet, SalesforceSimulatorOptions options)
    {
        List<SalesforceLoginUser> users = dataSet.SalesforceUsers
            .Select(u => new SalesforceLoginUser(u.Id, u.Username, u.Email, u.FirstName, u.LastName, u.Title, u.ProfileName, options.OrgId, false, u.IsActive, u.ApiEnabled))
            .ToList();
        // Sandbox copies of the two login users (sandbox copies keep user ids, with their own usernames).
        foreach (SalesforceLoginUser production in users.Take(2).ToList())
        {
            string sandboxUsername = production.Username.Replace("@sim-salesforce.example", SandboxDomain, StringComparison.OrdinalIgnoreCase);
            users.Add(production with { Username = sandboxUsername, Email = sandboxUsername, OrgId = options.SandboxOrgId, IsSandbox = true });
        }
        All = users;
    }

    public IReadOnlyList<SalesforceLoginUser> All { get; }

    public SalesforceLoginUser? FindByUsername(string? username) =>
        All.FirstOrDefault(u => string.Equals(u.Username, username?.Trim(), StringComparison.OrdinalIgnoreCase));

    public SalesforceLoginUser? Find(string orgId, string userId) =>
        All.FirstOrDefault(u => SameId(u.OrgId, orgId) && SameId(u.Id, userId));

    /// <summary>Salesforce compares ids on their case-sensitive 15-character form.</summary>
    public static bool SameId(string a, string b) =>
        a.Length >= 15 && b.Length >= 15 && a.AsSpan(0, 15).SequenceEqual(b.AsSpan(0, 15));
}
