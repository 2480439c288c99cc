using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>JSON results with the issuer's own serializer settings (the host app's JSON options must not alter the wire format).</summary>
internal static class EntraJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static IResult Result(object? data, int? statusCode = null) =>
        Results.Json(data, Options, "application/json; charset=utf-8", statusCode);
}
