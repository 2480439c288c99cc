namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary><c>leads/describe2.json</c> result item: the lead object with its searchable fields and all fields.</summary>
public sealed record LeadDescription(
    string Name,
    IReadOnlyList<IReadOnlyList<string>>? SearchableFields,
    IReadOnlyList<LeadField> Fields);

public sealed record LeadField(
    string Name,
    string? DisplayName,
    string? DataType,
    int? Length,
    bool Updateable,
    bool CrmManaged);
