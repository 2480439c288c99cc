namespace SalesInsightActions.Simulators.Marketo;

internal sealed record ActivityAttributeType(string Name, string DataType);

internal sealed record ActivityTypeDescription(
    int Id,
    string Name,
    string Description,
    ActivityAttributeType PrimaryAttribute,
    IReadOnlyList<ActivityAttributeType> Attributes);

/// <summary>The standard activity types the simulator shows (ids as in real subscriptions).</summary>
internal static class MarketoActivityTypes
{
    public const int NewLead = 12;
    public const int ChangeDataValue = 13;
    public const int MergeLeads = 32;
    public const int DeleteLead = 37;

    public static readonly IReadOnlyList<ActivityTypeDescription> Standard =
    [
        new(1, "Visit Webpage", "User visits a web page", new("Webpage ID", "integer"), [new("Client IP Address", "string"), new("Webpage URL", "string")]),
        new(2, "Fill Out Form", "User fills out and submits a form", new("Webform ID", "integer"), [new("Client IP Address", "string"), new("Form Fields", "text")]),
        new(6, "Send Email", "Send Marketo Email to a person", new("Mailing ID", "integer"), [new("Campaign Run ID", "integer"), new("Step ID", "integer")]),
        new(7, "Email Delivered", "Marketo Email is delivered to a person", new("Mailing ID", "integer"), [new("Campaign Run ID", "integer")]),
        new(10, "Open Email", "User opens Marketo Email", new("Mailing ID", "integer"), [new("Device", "string"), new("Platform", "string")]),
        new(11, "Click Email", "User clicks on a link in a Marketo Email", new("Mailing ID", "integer"), [new("Link", "string"), new("Device", "string")]),
        new(NewLead, "New Lead", "New person", new("Lead ID", "integer"), [new("Source Type", "string")]),
        new(ChangeDataValue, "Change Data Value", "Changed attribute value for a person", new("Attribute Name", "integer"), [new("New Value", "string"), new("Old Value", "string"), new("Reason", "string"), new("Source", "string")]),
        new(MergeLeads, "Merge Leads", "Merge two or more people", new("Lead ID", "integer"), [new("Merge IDs", "text"), new("Merge Source", "string"), new("Merged in Sales", "boolean"), new("Master Updated", "boolean")]),
        new(DeleteLead, "Delete Lead", "Delete a person", new("Lead ID", "integer"), [new("Remove from CRM", "boolean")]),
    ];

    /// <summary>
    /// Behavioural types the synthetic timeline generates. Lead lifecycle types (12, 13, 32, 37) come only
    /// from real changes, so a client that follows them sees exactly what changed.
    /// </summary>
    public static readonly IReadOnlyList<ActivityTypeDescription> Generated =
        [.. Standard.Where(static t => t.Id is not (NewLead or ChangeDataValue or MergeLeads or DeleteLead))];
}
