using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

using Microsoft.AspNetCore.Http;

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

/// <summary>A request body read as JSON: <see cref="Error"/> is set when the body is not valid JSON for <typeparamref name="T"/>.</summary>
internal readonly record struct JsonBody<T>(T? Value, string? Error);

internal static class JsonBodyReader
{
    /// <summary>Reads the body without throwing on malformed JSON, so each vendor can answer with its own error shape.</summary>
    public static async Task<JsonBody<T>> ReadAsync<T>(HttpRequest request, JsonSerializerOptions? options = null)
    {
        try
        {
            return new JsonBody<T>(await JsonSerializer.DeserializeAsync<T>(request.Body, options ?? JsonSerializerOptions.Default, request.HttpContext.RequestAborted), null);
        }
        catch (JsonException error)
        {
            return new JsonBody<T>(default, error.Message);
        }
    }
}
