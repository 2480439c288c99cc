using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>One lead field as Marketo describes it, with how to read/write it on a <see cref="Person"/>.</summary>
internal sealed record MarketoLeadField(
    int Id,
    string Name,
    string DisplayName,
    string SoapName,
    string DataType,
    int? Length,
    bool Updateable,
    bool CrmManaged,
    Func<Person, object?> Read,
    Func<Person, string?, Person>? Write);

/// <summary>
/// The lead fields this subscription has: the ones the product syncs plus a few common standard
/// ones. Names follow Marketo's REST names (sfdcOpptyId and linkedInProfileURL: see README).
/// </summary>
internal static class MarketoLeadFields
{
    public static readonly IReadOnlyList<MarketoLeadField> All =
    [
        new(1, "id", "Id", "Id", "integer", null, false, false, static p => p.MarketoId, null),
        new(2, "company", "Company Name", "Company", "string", 255, true, false, static p => p.Company, static (p, v) => p with { Company = v }),
        new(3, "email", "Email Address", "Email", "email", 255, true, false, static p => p.Email, static (p, v) => p with { Email = v }),
        new(4, "firstName", "First Name", "FirstName", "string", 255, true, false, static p => p.FirstName, static (p, v) => p with { FirstName = v }),
        new(5, "lastName", "Last Name", "LastName", "string", 255, true, false, static p => p.LastName, static (p, v) => p with { LastName = v }),
        new(6, "title", "Job Title", "Title", "string", 255, true, false, static p => p.Title, static (p, v) => p with { Title = v }),
        new(7, "phone", "Phone Number", "Phone", "phone", 255, true, false, static p => p.Phone, static (p, v) => p with { Phone = v }),
        new(8, "leadSource", "Lead Source", "LeadSource", "string", 255, true, false, static p => p.LeadSource, static (p, v) => p with { LeadSource = v }),
        new(9, "linkedInProfileURL", "LinkedIn Profile URL", "LinkedInProfileURL", "url", 255, true, false, static p => p.LinkedInProfileUrl, static (p, v) => p with { LinkedInProfileUrl = v }),
        new(10, "createdAt", "Created At", "CreatedAt", "datetime", null, false, false, static p => MarketoResults.FormatDateTime(p.CreatedAt), null),
        new(11, "updatedAt", "Updated At", "UpdatedAt", "datetime", null, false, false, static p => MarketoResults.FormatDateTime(p.UpdatedAt), null),
        new(12, "sfdcType", "SFDC Type", "SFDCType", "string", 255, false, true, static p => p.SalesforceKind == SalesforceRecordKind.None ? null : p.SalesforceKind.ToString(), null),
        new(13, "sfdcLeadId", "SFDC Lead ID", "SFDCLeadId", "string", 18, false, true, static p => p.SalesforceLeadId, null),
        new(14, "sfdcContactId", "SFDC Contact ID", "SFDCContactId", "string", 18, false, true, static p => p.SalesforceContactId, null),
        new(15, "sfdcAccountId", "SFDC Account ID", "SFDCAccountId", "string", 18, false, true, static p => p.SalesforceAccountId, null),
        new(16, "sfdcOpptyId", "SFDC Oppty ID", "SFDCOpptyId", "string", 18, false, true, static p => p.SalesforceOpportunityId, null),
        new(17, "sfdcLeadOwnerId", "SFDC Lead Owner ID", "SFDCLeadOwnerId", "string", 18, false, true, static p => p.SalesforceOwnerId, null),
        new(18, "sfdcIsDeleted", "SFDC Is Deleted", "SFDCIsDeleted", "boolean", null, false, true, static p => false, null),
        new(19, "city", "City", "City", "string", 255, true, false, static p => Extra(p, "city"), static (p, v) => WithExtra(p, "city", v)),
        new(20, "country", "Country", "Country", "string", 255, true, false, static p => Extra(p, "country"), static (p, v) => WithExtra(p, "country", v)),
        new(21, "mobilePhone", "Mobile Phone Number", "MobilePhone", "phone", 255, true, false, static p => Extra(p, "mobilePhone"), static (p, v) => WithExtra(p, "mobilePhone", v)),
        new(22, "unsubscribed", "Unsubscribed", "Unsubscribed", "boolean", null, true, false, static p => Extra(p, "unsubscribed") == "true", static (p, v) => WithExtra(p, "unsubscribed", v?.ToLowerInvariant())),
    ];

    public static readonly IReadOnlyList<string> DefaultFields = ["id", "email", "updatedAt", "createdAt", "firstName", "lastName"];

    /// <summary>Fields that can be used as filterType / lookupField.</summary>
    public static readonly IReadOnlyList<string> SearchableFields = ["id", "email", "sfdcLeadId", "sfdcContactId", "sfdcAccountId", "sfdcLeadOwnerId"];

    private static readonly Dictionary<string, MarketoLeadField> ByName =
        All.ToDictionary(static f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static MarketoLeadField? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>A lead as Marketo returns it: id first, then the requested fields (nulls kept).</summary>
    public static Dictionary<string, object?> Project(Person person, IReadOnlyList<MarketoLeadField> fields)
    {
        Dictionary<string, object?> lead = new(fields.Count + 1, StringComparer.Ordinal) { ["id"] = person.MarketoId };
        foreach (MarketoLeadField field in fields)
        {
            lead[field.Name] = field.Read(person);
        }
        return lead;
    }

    /// <summary>
    /// Fields whose edits do not move a lead's updatedAt (company fields and the CRM-managed ones);
    /// the bulk extract's updatedAt filter still sees them.
    /// </summary>
    public static bool MovesUpdatedAt(MarketoLeadField field) => !(field.CrmManaged || field.Name == "company");

    /// <summary>
    /// Writer for a field the /_sim knobs may change: the API-writable ones plus the CRM-managed ones
    /// that Marketo's Salesforce sync writes (owner, Salesforce ids, sfdcType). Null when not writable.
    /// </summary>
    public static Func<Person, string?, Person>? ControlWriter(MarketoLeadField field) => field.Write ?? field.Name switch
    {
        "sfdcType" => static (p, v) => p with
        {
            SalesforceKind = string.IsNullOrEmpty(v) ? SalesforceRecordKind.None : Enum.Parse<SalesforceRecordKind>(v, ignoreCase: true),
        },
        "sfdcLeadId" => static (p, v) => p with { SalesforceLeadId = NullIfEmpty(v) },
        "sfdcContactId" => static (p, v) => p with { SalesforceContactId = NullIfEmpty(v) },
        "sfdcAccountId" => static (p, v) => p with { SalesforceAccountId = NullIfEmpty(v) },
        "sfdcOpptyId" => static (p, v) => p with { SalesforceOpportunityId = NullIfEmpty(v) },
        "sfdcLeadOwnerId" => static (p, v) => p with { SalesforceOwnerId = NullIfEmpty(v) },
        _ => null,
    };

    /// <summary>Why <paramref name="value"/> cannot be written to <paramref name="field"/>, or null.</summary>
    public static string? ControlValueError(MarketoLeadField field, string? value) =>
        field.Name == "sfdcType" && !string.IsNullOrEmpty(value) && value is not ("Lead" or "Contact")
            ? "sfdcType must be Lead, Contact or empty"
            : null;

    /// <summary>A field value as text (activity attributes, lead change old/new values).</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Extra(Person person, string name) => person.ExtraFields.GetValueOrDefault(name);

    private static Person WithExtra(Person person, string name, string? value)
    {
        Dictionary<string, string?> extras = new(person.ExtraFields, StringComparer.Ordinal) { [name] = value };
        return person with { ExtraFields = extras };
    }
}
