using System.Security.Cryptography;

using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>Builds Marketo envelopes; errors are HTTP 200 with success:false, like the real API.</summary>
internal static class MarketoResults
{
    public static IResult Success(
        IReadOnlyList<object> result,
        string? nextPageToken = null,
        bool? moreResult = null,
        IReadOnlyList<string>? warnings = null)
    {
        return Results.Json(
            new MarketoEnvelope(NewRequestId(), true, result, null, warnings ?? [], nextPageToken, moreResult),
            SimulatorJson.Options);
    }

    public static IResult Error(string code, string? message = null)
    {
        return Results.Json(
            new MarketoEnvelope(NewRequestId(), false, null, [new MarketoError(code, message ?? MarketoErrorCodes.MessageFor(code))], []),
            SimulatorJson.Options);
    }

    /// <summary>Marketo's batch writes (upsert leads, add custom activities) take 1 to 300 input records.</summary>
    public const int MaxBatchInput = 300;

    public static IResult? BatchInputError<T>(IReadOnlyList<T>? input) =>
        input is not { Count: > 0 } ? Error(MarketoErrorCodes.InvalidValue, "input is required")
        : input.Count > MaxBatchInput ? Error(MarketoErrorCodes.InvalidValue, $"Too many input records, max {MaxBatchInput}")
        : null;

    /// <summary>Real request ids look like "e42b#14272d07d78": random part, then epoch millis in hex.</summary>
    public static string NewRequestId()
    {
        return Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))
            + "#" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString("x", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string FormatDateTime(DateTimeOffset value)
    {
        return value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
