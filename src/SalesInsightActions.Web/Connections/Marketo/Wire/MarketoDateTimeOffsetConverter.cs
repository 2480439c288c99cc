using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary>
/// Marketo writes timestamps both as ISO 8601 with "Z" or "+00:00" and, in several documented examples,
/// with an offset without a colon ("2013-09-26T06:56:35+0000"), which System.Text.Json rejects.
/// </summary>
internal sealed class MarketoDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:sszz00", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzz00",
    ];

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TryGetDateTimeOffset(out var value))
        {
            return value;
        }

        var text = reader.GetString() ?? throw new JsonException("A Marketo timestamp was null.");
        // "+0000" / "-0530": insert the colon .NET expects.
        if (text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && char.IsDigit(text[^4]) && char.IsDigit(text[^1]))
        {
            text = text[..^2] + ":" + text[^2..];
        }

        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
            ? value
            : throw new JsonException($"'{text}' is not a Marketo timestamp.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
