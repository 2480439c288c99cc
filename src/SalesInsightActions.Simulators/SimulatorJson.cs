using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesInsightActions.Simulators;

/// <summary>JSON settings for simulator-owned DTOs (camelCase, nulls left out unless a DTO keeps them).</summary>
internal static class SimulatorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Write "+1 555…" rather than "\u002B1 555…", as the real service does.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
