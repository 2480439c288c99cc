using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary>An entry of <c>errors</c> / <c>reasons</c>: <c>{code, message}</c>.</summary>
public sealed record MarketoError(
    [property: JsonConverter(typeof(CodeAsStringConverter))] string Code,
    string? Message);
