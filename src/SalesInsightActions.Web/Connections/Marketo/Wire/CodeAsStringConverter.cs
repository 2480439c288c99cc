using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary>Error codes are strings in REST envelopes ("601") but integers in the User Management API; read both as strings.</summary>
internal sealed class CodeAsStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Unexpected token {reader.TokenType} for an error code."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
