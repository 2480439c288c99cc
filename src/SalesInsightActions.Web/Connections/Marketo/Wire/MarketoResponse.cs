using System.Text.Json;

namespace SalesInsightActions.Web.Connections.Marketo.Wire;

/// <summary>The REST envelope: <c>{requestId, success, result, errors, warnings, nextPageToken, moreResult}</c>.</summary>
internal sealed class MarketoResponse<T>
{
    public string? RequestId { get; set; }

    public bool Success { get; set; }

    public List<T>? Result { get; set; }

    public List<MarketoError>? Errors { get; set; }

    /// <summary>Usually plain strings, but kept as raw JSON so an object warning never breaks parsing.</summary>
    public List<JsonElement>? Warnings { get; set; }

    public string? NextPageToken { get; set; }

    public bool MoreResult { get; set; }
}
