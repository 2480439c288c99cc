using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Onboarding.SalesforcePackage;

/// <summary>
/// Steps 6–7: checks live, through the account's Salesforce connection, that the MSI package is installed and set up
/// (describe of Task, a Tooling API query of InstalledSubscriberPackage), stores the result and audits it.
/// </summary>
public sealed class SalesforcePackageChecker(
    AppDbContext db,
    ISalesforceClientFactory clients,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<SalesforcePackageChecker> logger)
{
    public const string Namespace = "mkto_si";
    public static readonly Version MinimumVersion = new(2, 0);
    public static readonly string[] RequiredTaskTypes = ["Email", "Call", "Reply"];

    /// <summary>The package's custom Task fields that Task writes fill in.</summary>
    public static readonly string[] RequiredTaskFields =
    [
        "mkto_si__Call_Outcome__c", "mkto_si__Call_Reason__c", "mkto_si__Sales_Campaign__c", "mkto_si__Email_Template__c",
        "mkto_si__Email_Status__c", "mkto_si__Viewed__c", "mkto_si__Clicked__c", "mkto_si__Replied__c", "mkto_si__Sales_Activity_Id__c",
    ];

    /// <summary>The latest check made through the current account connection; null when there is none (or no connection).</summary>
    public Task<SalesforcePackageCheck?> LatestAsync(CancellationToken ct) =>
        db.CurrentPackageChecks().AsNoTracking().OrderByDescending(c => c.CheckedAt).FirstOrDefaultAsync(ct);

    public Task<bool> IsConnectedAsync(CancellationToken ct) => db.SalesforceConnections.AnyAsync(c => c.IsAccountConnection, ct);

    /// <summary>One check by id in any account: only for the hand-off result page, whose id comes from its own callback.</summary>
    public Task<SalesforcePackageCheck?> FindAnyAccountAsync(Guid id, CancellationToken ct) =>
        db.SalesforcePackageChecks.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>Runs the checklist against the account connection; null when the account has none.</summary>
    public async Task<SalesforcePackageCheck?> CheckAsync(Guid? checkedByMemberId, string? checkedBy, CancellationToken ct)
    {
        var connectionId = await db.SalesforceConnections.Where(c => c.IsAccountConnection).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (connectionId is null)
        {
            return null;
        }

        var (items, version) = await RunAsync(clients.Create(connectionId.Value.ToString()), ct);
        var failed = items.Where(i => i.Status != PackageCheckItemStatus.Passed).Select(i => i.Item.ToString()).ToList();
        var check = new SalesforcePackageCheck
        {
            CheckedAt = clock.GetUtcNow().UtcDateTime,
            PackageInstalled = items.Any(i => i.Item == PackageCheckItem.PackageInstalled && i.Status == PackageCheckItemStatus.Passed),
            PackageVersion = version,
            Configured = failed.Count == 0,
            Findings = failed.Count == 0 ? null : "Not passed: " + string.Join(", ", failed),
            CheckedByMemberId = checkedByMemberId,
            CheckedBy = checkedBy,
            Items = items,
        };
        db.SalesforcePackageChecks.Add(check);
        audit.Add(AuditActions.PackageChecked, check.Configured ? AuditOutcome.Succeeded : AuditOutcome.Failed, "Salesforce", check.Findings ?? "All items passed",
            actorMemberId: checkedByMemberId, actorEmail: checkedBy);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Salesforce package check: installed {Installed}, version {Version}, configured {Configured}", check.PackageInstalled, version, check.Configured);
        return check;
    }

    /// <summary>The checklist itself, item by item; an item that cannot be reached because of an earlier failure is NotChecked.</summary>
    internal static async Task<(IReadOnlyList<PackageCheckItemResult> Items, string? Version)> RunAsync(ISalesforceClient client, CancellationToken ct)
    {
        var results = new Dictionary<PackageCheckItem, PackageCheckItemResult>();

        Connections.Salesforce.Wire.SObjectDescribe task;
        try
        {
            task = await client.DescribeAsync("Task", ct);
        }
        catch (Exception ex) when (IsApiDisabled(ex))
        {
            results[PackageCheckItem.AppAccess] = Passed(PackageCheckItem.AppAccess, "Salesforce accepts the Sales account's connection.");
            results[PackageCheckItem.ApiEnabled] = new(PackageCheckItem.ApiEnabled, PackageCheckItemStatus.Failed,
                "Salesforce says the API is not enabled ({0}).", [((SalesforceApiException)ex).ErrorCode],
                "Setup → Users → Profiles → the connecting user's profile → System Permissions → tick API Enabled. The org's edition must include API access (Enterprise, Unlimited, Performance or Developer Edition).");
            return (Complete(results), null);
        }
        catch (Exception ex) when (ex is SalesforceOAuthException or SalesforceApiException { HttpStatus: 401 })
        {
            results[PackageCheckItem.AppAccess] = new(PackageCheckItem.AppAccess, PackageCheckItemStatus.Failed,
                "Salesforce no longer accepts the Sales account's connection: the access was revoked or the connected app is blocked.", null,
                "Reconnect on Settings → Admin Settings → Salesforce → Connections & Customizations. If the app is blocked, first unblock it in Salesforce: Setup → Apps → Connected Apps → Connected Apps OAuth Usage → Sales Insight Actions → Unblock.");
            return (Complete(results), null);
        }
        catch (Exception ex) when (ex is SalesforceApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            results[PackageCheckItem.AppAccess] = new(PackageCheckItem.AppAccess, PackageCheckItemStatus.Failed,
                "Salesforce could not be reached or refused the request ({0}).", [ex is SalesforceApiException api ? api.ErrorCode : ex.GetType().Name],
                "Wait a few minutes and press Re-check. If it keeps failing, check Salesforce's status at status.salesforce.com.");
            return (Complete(results), null);
        }

        results[PackageCheckItem.AppAccess] = Passed(PackageCheckItem.AppAccess, "Salesforce accepts the Sales account's connection.");
        results[PackageCheckItem.ApiEnabled] = Passed(PackageCheckItem.ApiEnabled, "The connecting user can use the Salesforce API.");
        results[PackageCheckItem.TaskTypePicklist] = CheckTaskType(task);

        string? version = null;
        try
        {
            var packages = new List<JsonElement>();
            await foreach (var row in client.ToolingQueryAsync(
                $"SELECT Id, SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.PatchVersion FROM InstalledSubscriberPackage WHERE SubscriberPackage.NamespacePrefix = '{Namespace}'", ct))
            {
                packages.Add(row);
            }

            var package = packages.FirstOrDefault(p => p.TryGetProperty("SubscriberPackage", out var sp) && sp.ValueKind == JsonValueKind.Object
                && sp.TryGetProperty("NamespacePrefix", out var ns) && ns.GetString() == Namespace);
            if (package.ValueKind != JsonValueKind.Object)
            {
                results[PackageCheckItem.PackageInstalled] = new(PackageCheckItem.PackageInstalled, PackageCheckItemStatus.Failed,
                    "No installed package has the namespace {0}.", [Namespace],
                    "Install Marketo Sales Insight from AppExchange (search for “Marketo Sales Insight”) for all users, then press Re-check.");
            }
            else
            {
                results[PackageCheckItem.PackageInstalled] = Passed(PackageCheckItem.PackageInstalled, "Found the package with the namespace {0}.", Namespace);
                version = VersionOf(package);
                results[PackageCheckItem.PackageVersion] = Version.TryParse(version, out var found) && found >= MinimumVersion
                    ? Passed(PackageCheckItem.PackageVersion, "Version {0} is installed.", version)
                    : new(PackageCheckItem.PackageVersion, PackageCheckItemStatus.Failed,
                        "Version {0} is installed; version {1} or later is needed.", [version ?? "?", MinimumVersion.ToString()],
                        "Upgrade: install the newest Marketo Sales Insight from AppExchange over the installed one (Setup → Installed Packages shows the version).");
                results[PackageCheckItem.TaskFields] = CheckTaskFields(task);
            }
        }
        catch (SalesforceApiException ex)
        {
            results[PackageCheckItem.PackageInstalled] = new(PackageCheckItem.PackageInstalled, PackageCheckItemStatus.Failed,
                "Salesforce refused to list the installed packages ({0}).", [ex.ErrorCode],
                "Give the connecting user's profile the permission “View Setup and Configuration” (Setup → Users → Profiles → System Permissions), then press Re-check.");
        }

        return (Complete(results), version);
    }

    private static PackageCheckItemResult CheckTaskType(Connections.Salesforce.Wire.SObjectDescribe task)
    {
        var type = task.Fields.FirstOrDefault(f => f.Name == "Type");
        var values = type?.PicklistValues?.Where(p => p.Active).ToList() ?? [];
        var missing = RequiredTaskTypes.Where(r => !values.Any(v => string.Equals(v.Value, r, StringComparison.Ordinal))).ToList();
        if (missing.Count > 0)
        {
            return new(PackageCheckItem.TaskTypePicklist, PackageCheckItemStatus.Failed,
                "The Task Type picklist lacks {0}.", [string.Join(", ", missing)],
                "Setup → Object Manager → Task → Fields → Type → add value {0}", [string.Join(", ", missing)]);
        }

        var defaults = values.Where(v => v.DefaultValue).Select(v => v.Value).ToList();
        if (defaults.Count > 0)
        {
            return new(PackageCheckItem.TaskTypePicklist, PackageCheckItemStatus.Failed,
                "The Task Type picklist has the default value {0}; it must have none.", [string.Join(", ", defaults)],
                "Setup → Object Manager → Task → Fields → Type → edit the value {0} and clear “Default”", [string.Join(", ", defaults)]);
        }

        return Passed(PackageCheckItem.TaskTypePicklist, "The Task Type picklist has Email, Call and Reply, with no default.");
    }

    private static PackageCheckItemResult CheckTaskFields(Connections.Salesforce.Wire.SObjectDescribe task)
    {
        var byName = task.Fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        var missing = RequiredTaskFields.Where(f => !byName.ContainsKey(f)).ToList();
        var readOnly = RequiredTaskFields.Where(f => byName.TryGetValue(f, out var field) && !(field.Createable && field.Updateable)).ToList();
        if (missing.Count > 0)
        {
            return new(PackageCheckItem.TaskFields, PackageCheckItemStatus.Failed,
                "Task fields missing: {0}.", [string.Join(", ", missing)],
                "Setup → Object Manager → Task → Fields & Relationships: {0} should come with the package. Upgrade or reinstall Marketo Sales Insight, then make the fields visible to the connecting user's profile.", [string.Join(", ", missing)]);
        }

        if (readOnly.Count > 0)
        {
            return new(PackageCheckItem.TaskFields, PackageCheckItemStatus.Failed,
                "Task fields the connecting user cannot write: {0}.", [string.Join(", ", readOnly)],
                "Setup → Object Manager → Task → Fields & Relationships → {0} → Set Field-Level Security → tick Visible and clear Read-Only for the connecting user's profile.", [string.Join(", ", readOnly)]);
        }

        return Passed(PackageCheckItem.TaskFields, "All {0} of the package's Task fields exist and can be written.", RequiredTaskFields.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string? VersionOf(JsonElement package)
    {
        if (!package.TryGetProperty("SubscriberPackageVersion", out var v) || v.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        static int Part(JsonElement v, string name) => v.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0;
        return $"{Part(v, "MajorVersion")}.{Part(v, "MinorVersion")}.{Part(v, "PatchVersion")}";
    }

    private static bool IsApiDisabled(Exception ex) =>
        ex is SalesforceApiException { ErrorCode: "API_DISABLED_FOR_ORG" or "API_CURRENTLY_DISABLED" };

    internal static bool IsApiDisabledError(Exception ex) => IsApiDisabled(ex);

    private static PackageCheckItemResult Passed(PackageCheckItem item, string detailKey, params string[] args) =>
        new(item, PackageCheckItemStatus.Passed, detailKey, args);

    private static List<PackageCheckItemResult> Complete(Dictionary<PackageCheckItem, PackageCheckItemResult> results) =>
        [.. Enum.GetValues<PackageCheckItem>().Select(i => results.TryGetValue(i, out var r) ? r
            : new PackageCheckItemResult(i, PackageCheckItemStatus.NotChecked, "Not checked: an item above must pass first."))];
}
