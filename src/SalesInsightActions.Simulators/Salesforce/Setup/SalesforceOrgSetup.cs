using System.Collections.Concurrent;
using SalesInsightActions.Simulators.Salesforce.Schema;

namespace SalesInsightActions.Simulators.Salesforce.Setup;

/// <summary>
/// What a Salesforce admin set up in the simulated org (the MSI package, the Task Type picklist, the package's Task
/// fields, API access, the connected app's policy). The defaults are a correctly set-up org; each knob breaks one thing
/// so a client's setup checklist can be tested item by item. Knobs under /_sim/salesforce/org-setup; reset restores them.
/// </summary>
public sealed class SalesforceOrgSetup
{
    public const string PackageNamespace = "mkto_si";
    public const string PackageName = "Marketo Sales Insight";
    public const string DefaultPackageVersion = "2.14.0";

    private readonly ConcurrentDictionary<string, byte> _missingTaskTypeValues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _missingTaskFields = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _readOnlyTaskFields = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>False: the tooling query for InstalledSubscriberPackage finds no MSI package.</summary>
    public bool PackageInstalled { get; set; } = true;

    /// <summary>major.minor.patch reported for the installed package.</summary>
    public string PackageVersion { get; set; } = DefaultPackageVersion;

    /// <summary>True: every REST call answers 403 API_DISABLED_FOR_ORG (the org's edition or the user lacks API access).</summary>
    public bool ApiDisabled { get; set; }

    /// <summary>True: authorize redirects back with error=OAUTH_APP_BLOCKED, and live tokens stop working (an admin blocked the app).</summary>
    public bool ConnectedAppBlocked { get; set; }

    public IReadOnlyCollection<string> MissingTaskTypeValues => _missingTaskTypeValues.Keys.ToList();
    public IReadOnlyCollection<string> MissingTaskFields => _missingTaskFields.Keys.ToList();
    public IReadOnlyCollection<string> ReadOnlyTaskFields => _readOnlyTaskFields.Keys.ToList();

    public void SetMissingTaskTypeValues(IEnumerable<string> values) => Replace(_missingTaskTypeValues, values);
    public void SetMissingTaskFields(IEnumerable<string> fields) => Replace(_missingTaskFields, fields);
    public void SetReadOnlyTaskFields(IEnumerable<string> fields) => Replace(_readOnlyTaskFields, fields);

    /// <summary>The Task fields as describe shows them in this org: removed fields, read-only fields, removed Type values.</summary>
    internal IEnumerable<SObjectField> DescribeTaskFields(IEnumerable<SObjectField> fields)
    {
        foreach (SObjectField field in fields)
        {
            if (_missingTaskFields.ContainsKey(field.Name))
            {
                continue;
            }
            SObjectField shown = field;
            if (_readOnlyTaskFields.ContainsKey(field.Name))
            {
                shown = shown with { Createable = false, Updateable = false };
            }
            if (field.Name == "Type" && !_missingTaskTypeValues.IsEmpty)
            {
                shown = shown with { PicklistValues = field.PicklistValues.Where(p => !_missingTaskTypeValues.ContainsKey(p.Value)).ToArray() };
            }
            yield return shown;
        }
    }

    public void Reset()
    {
        PackageInstalled = true;
        PackageVersion = DefaultPackageVersion;
        ApiDisabled = false;
        ConnectedAppBlocked = false;
        _missingTaskTypeValues.Clear();
        _missingTaskFields.Clear();
        _readOnlyTaskFields.Clear();
    }

    private static void Replace(ConcurrentDictionary<string, byte> set, IEnumerable<string> values)
    {
        set.Clear();
        foreach (string value in values)
        {
            set[value.Trim()] = 0;
        }
    }
}
