using SalesInsightActions.Simulators.Salesforce.Schema;

namespace SalesInsightActions.Simulators.Salesforce.Records;

/// <summary>
/// A record as SOQL sees it: canonical field name -> value (string, bool, int, double, decimal,
/// DateTimeOffset for datetime, DateOnly for date, or null). Field lookup is case-insensitive.
/// </summary>
public sealed class SObjectRecord
{
    public SObjectRecord(SObjectType type, Dictionary<string, object?> values)
    {
        Type = type;
        Values = values.Comparer == StringComparer.OrdinalIgnoreCase ? values : new Dictionary<string, object?>(values, StringComparer.OrdinalIgnoreCase);
    }

    public SObjectType Type { get; }
    public Dictionary<string, object?> Values { get; }

    public string Id => (string)Values["Id"]!;

    public bool IsDeleted => Values.TryGetValue("IsDeleted", out object? deleted) && deleted is true;

    public object? this[string field] => Values.GetValueOrDefault(field);

    public SObjectRecord With(IReadOnlyDictionary<string, object?> changes)
    {
        var merged = new Dictionary<string, object?>(Values, StringComparer.OrdinalIgnoreCase);
        foreach ((string key, object? value) in changes)
        {
            merged[key] = value;
        }
        return new SObjectRecord(Type, merged);
    }
}
