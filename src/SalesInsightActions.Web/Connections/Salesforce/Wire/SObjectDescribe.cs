namespace SalesInsightActions.Web.Connections.Salesforce.Wire;

/// <summary><c>sobjects/{Obj}/describe</c> (subset).</summary>
public sealed record SObjectDescribe(string Name, string? Label, IReadOnlyList<SObjectField> Fields);

public sealed record SObjectField(
    string Name,
    string? Label,
    string? Type,
    int Length,
    bool Nillable,
    bool Createable,
    bool Updateable,
    IReadOnlyList<SObjectPicklistValue>? PicklistValues,
    IReadOnlyList<string>? ReferenceTo);

public sealed record SObjectPicklistValue(string Value, string? Label, bool Active, bool DefaultValue);
