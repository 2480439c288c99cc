namespace SalesInsightActions.Simulators.Salesforce.Schema;

/// <summary>A picklist entry as describe returns it.</summary>
public sealed record PicklistEntry(string Value, bool DefaultValue = false)
{
    public string Label => Value;
}

/// <summary>One field of an sObject: the describe metadata plus what SOQL and Task validation need.</summary>
public sealed record SObjectField(string Name, string Label, string Type)
{
    public int Length { get; init; }
    public bool Nillable { get; init; } = true;
    public bool Createable { get; init; } = true;
    public bool Updateable { get; init; } = true;
    public bool Custom { get; init; }
    /// <summary>An External ID field: upserts can address records by it (composite/sobjects/{Object}/{Field}).</summary>
    public bool ExternalId { get; init; }
    public bool Unique { get; init; }
    public bool DefaultedOnCreate { get; init; }
    public bool RestrictedPicklist { get; init; }
    public IReadOnlyList<PicklistEntry> PicklistValues { get; init; } = [];
    public IReadOnlyList<string> ReferenceTo { get; init; } = [];
    /// <summary>Name used in SOQL relationship paths (Owner for OwnerId); null when not a lookup.</summary>
    public string? RelationshipName { get; init; }

    public bool IsPicklist => Type == "picklist";

    /// <summary>SOAP type as describe reports it.</summary>
    public string SoapType => Type switch
    {
        "id" or "reference" => "tns:ID",
        "boolean" => "xsd:boolean",
        "datetime" => "xsd:dateTime",
        "date" => "xsd:date",
        "double" or "currency" or "percent" => "xsd:double",
        "int" => "xsd:int",
        _ => "xsd:string",
    };

    public string? DefaultPicklistValue => PicklistValues.FirstOrDefault(p => p.DefaultValue)?.Value;
}
