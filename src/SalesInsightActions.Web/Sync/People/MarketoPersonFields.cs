using System.Globalization;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>
/// The Marketo lead fields behind the 13 synced fields and the Salesforce owner, and how a lead becomes a
/// <see cref="PersonRecord"/>. Only people whose Salesforce record has an owner are synced.
/// </summary>
public static class MarketoPersonFields
{
    public const string Id = "id";
    public const string SalesforceType = "sfdcType";

    /// <summary>Documented owner field; a contact-owner field is undocumented, so it is used only when describe lists it.</summary>
    public static readonly IReadOnlyList<string> OwnerFields = ["sfdcLeadOwnerId", "sfdcContactOwnerId"];

    public static readonly IReadOnlyList<string> Wanted =
    [
        Id, "firstName", "lastName", "email", "company", "title", "phone", "linkedInProfileURL", "leadSource",
        "sfdcContactId", "sfdcLeadId", "sfdcAccountId", "sfdcOpptyId", SalesforceType, .. OwnerFields, "createdAt", "updatedAt",
    ];

    /// <summary>The wanted fields this subscription has (asking for an unknown field fails the call).</summary>
    public static IReadOnlyList<string> Available(IEnumerable<string> describedFields)
    {
        var described = new HashSet<string>(describedFields, StringComparer.OrdinalIgnoreCase);
        return [.. Wanted.Where(f => f == Id || described.Contains(f))];
    }

    /// <summary>The person, or null when the lead's Salesforce record has no owner (or it is not in the CRM).</summary>
    public static PersonRecord? ToPerson(long marketoId, Func<string, string?> field)
    {
        var type = Blank(field(SalesforceType));
        var owner = OwnerFields.Select(f => Blank(field(f))).FirstOrDefault(v => v is not null);
        if (type is null || owner is null)
        {
            return null;
        }

        return new PersonRecord(
            marketoId,
            Blank(field("firstName")), Blank(field("lastName")), Blank(field("email")), Blank(field("company")),
            Blank(field("title")), Blank(field("phone")), Blank(field("linkedInProfileURL")), Blank(field("leadSource")),
            Blank(field("sfdcContactId")), Blank(field("sfdcLeadId")), Blank(field("sfdcAccountId")), Blank(field("sfdcOpptyId")),
            owner, type,
            Timestamp(field("createdAt")), Timestamp(field("updatedAt")));
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static DateTime? Timestamp(string? value)
    {
        // Marketo sometimes writes offsets without a colon ("+0000").
        if (value is { Length: > 5 } && (value[^5] == '+' || value[^5] == '-') && char.IsDigit(value[^4]) && char.IsDigit(value[^1]))
        {
            value = value[..^2] + ":" + value[^2..];
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.UtcDateTime : null;
    }
}
