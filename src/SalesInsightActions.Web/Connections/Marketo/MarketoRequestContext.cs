using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>Per-request facts the shared handlers and the resilience pipeline need (handlers are shared by all subscriptions).</summary>
internal static class MarketoRequestContext
{
    public static readonly HttpRequestOptionsKey<MarketoConnection> Connection = new("Marketo.Connection");

    /// <summary>The bearer token the last attempt carried, so a 601/602 invalidates exactly that token.</summary>
    public static readonly HttpRequestOptionsKey<string> TokenUsed = new("Marketo.TokenUsed");

    /// <summary>The first error of the last attempt's envelope (null when it succeeded or was not an envelope).</summary>
    public static readonly HttpRequestOptionsKey<MarketoError?> EnvelopeError = new("Marketo.EnvelopeError");

    /// <summary>
    /// Set on writes that are not idempotent (add custom activities): after a timeout, a dropped connection, a 5xx or
    /// 604 the write may have been applied, so the pipeline must not send it again; the caller finds out what landed.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> UnsafeToRepeat = new("Marketo.UnsafeToRepeat");

    public static bool IsUnsafeToRepeat(this HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(UnsafeToRepeat, out var unsafeToRepeat) && unsafeToRepeat;

    /// <summary>
    /// A credential check: one attempt per call, no retry of transient faults (only the one token refresh), so an
    /// unreachable or failing Marketo is reported at once instead of after a series of back-offs.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> FailFast = new("Marketo.FailFast");

    public static bool IsFailFast(this HttpRequestMessage request) =>
        request.Options.TryGetValue(FailFast, out var failFast) && failFast;

    public static MarketoConnection GetConnection(this HttpRequestMessage request) =>
        request.Options.TryGetValue(Connection, out var connection)
            ? connection
            : throw new InvalidOperationException("A Marketo request was sent without its connection; use MarketoClient.");

    public static MarketoError? GetEnvelopeError(this HttpRequestMessage request) =>
        request.Options.TryGetValue(EnvelopeError, out var error) ? error : null;
}
