using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Marketo.Wire;

internal static class MarketoJson
{
    /// <summary>Marketo speaks camelCase; unknown members are ignored so additive vendor changes do not break us.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new MarketoDateTimeOffsetConverter() },
    };
}
