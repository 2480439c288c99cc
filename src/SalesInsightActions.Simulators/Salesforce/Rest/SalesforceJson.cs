using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Salesforce.Rest;

/// <summary>
/// JSON results with the simulator's own serializer settings, so the host app's JSON options
/// (naming policy, null handling) never change the vendor wire format.
/// </summary>
internal static class SalesforceJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static IResult Result(object? data, int? statusCode = null) =>
        Results.Json(data, Options, "application/json;charset=UTF-8", statusCode);
}
