namespace SalesInsightActions.Simulators.Salesforce.Schema;

/// <summary>An sObject type: describe header plus its fields, looked up case-insensitively as SOQL does.</summary>
public sealed class SObjectType
{
    private readonly Dictionary<string, SObjectField> _byName;
    private readonly Dictionary<string, SObjectField> _byRelationship;

    public SObjectType(string name, string label, string labelPlural, string keyPrefix, IReadOnlyList<SObjectField> fields)
    {
        Name = name;
        Label = label;
        LabelPlural = labelPlural;
        KeyPrefix = keyPrefix;
        Fields = fields;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        _byRelationship = fields.Where(f => f.RelationshipName is not null)
            .ToDictionary(f => f.RelationshipName!, StringComparer.OrdinalIgnoreCase);
    }

    public string Name { get; }
    public string Label { get; }
    public string LabelPlural { get; }
    public string KeyPrefix { get; }
    public IReadOnlyList<SObjectField> Fields { get; }

    public bool HasIsDeleted => _byName.ContainsKey("IsDeleted");

    public SObjectField? FindField(string name) => _byName.GetValueOrDefault(name);

    public SObjectField? FindRelationship(string relationshipName) => _byRelationship.GetValueOrDefault(relationshipName);
}
