using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary>A lead as returned by <c>leads.json</c>: an id plus whichever fields were asked for.</summary>
public sealed class MarketoLead
{
    public long Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement> Fields { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A field as text (numbers and booleans in their JSON form); null when absent or JSON null.</summary>
    public string? GetString(string field) => Fields.TryGetValue(field, out var value)
        ? value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        }
        : null;
}
