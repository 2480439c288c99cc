using System.Text.Json;
using SalesInsightActions.Web.Connections.Marketo.Wire;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>
/// Marketo reports almost every error as HTTP 200 with <c>success:false</c>. This handler peeks at the start of each JSON body
/// to find out, without buffering successful (possibly large) bodies, and records the first error code on the request so the
/// resilience pipeline can decide on retries. Error bodies are small and are buffered whole.
/// </summary>
internal sealed class MarketoEnvelopeHandler : DelegatingHandler
{
    private const int PeekChunk = 1024;
    private const int MaxPeek = 16 * 1024;
    private const int MaxErrorBody = 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(MarketoRequestContext.EnvelopeError, null);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return response;
        }

        var original = response.Content;
        var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxPeek];
        var length = 0;
        var verdict = Verdict.NeedMore;
        var endOfStream = false;
        while (verdict == Verdict.NeedMore && length < MaxPeek && !endOfStream)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(PeekChunk, MaxPeek - length)), cancellationToken).ConfigureAwait(false);
            endOfStream = read == 0;
            length += read;
            verdict = Inspect(buffer.AsSpan(0, length), endOfStream);
        }

        if (verdict == Verdict.Failure || !response.IsSuccessStatusCode)
        {
            var whole = new MemoryStream();
            await whole.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            await CopyBoundedAsync(stream, whole, cancellationToken).ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            var bytes = whole.ToArray();
            request.Options.Set(MarketoRequestContext.EnvelopeError, FirstError(bytes));
            response.Content = Replace(original, new ByteArrayContent(bytes));
            original.Dispose();
            return response;
        }

        response.Content = Replace(original, new StreamContent(new PrefixedReadStream(buffer, length, stream)));
        return response;
    }

    private static async Task CopyBoundedAsync(Stream source, MemoryStream destination, CancellationToken cancellationToken)
    {
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (destination.Length + read > MaxErrorBody)
            {
                throw new HttpRequestException("A Marketo error response exceeded 1 MB.");
            }

            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    private static HttpContent Replace(HttpContent original, HttpContent replacement)
    {
        foreach (var header in original.Headers)
        {
            replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        // The original is not disposed here: on the success path its stream lives on inside the replacement.
        return replacement;
    }

    private static MarketoError? FirstError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array
                && errors.GetArrayLength() > 0)
            {
                return errors[0].Deserialize<MarketoError>(MarketoJson.Options);
            }
        }
        catch (JsonException)
        {
            // Not our envelope (e.g. an HTML error page from a proxy): the HTTP status decides.
        }

        return null;
    }

    /// <summary>Reads top-level members until <c>success</c>, <c>result</c> or <c>errors</c> tells whether the call failed.</summary>
    private static Verdict Inspect(ReadOnlySpan<byte> json, bool isFinal)
    {
        var reader = new Utf8JsonReader(json, isFinal, default);
        try
        {
            if (!reader.Read())
            {
                return isFinal ? Verdict.NotAnEnvelope : Verdict.NeedMore;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Verdict.NotAnEnvelope;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    return Verdict.NotAnEnvelope;
                }

                var name = reader.GetString();
                if (!reader.Read())
                {
                    return Verdict.NeedMore;
                }

                switch (name)
                {
                    case "success":
                        return reader.TokenType == JsonTokenType.False ? Verdict.Failure : Verdict.Success;
                    case "errors":
                        return Verdict.Failure;
                    case "result":
                        // Envelopes that carry results are successful; per-record problems live inside the results.
                        return Verdict.Success;
                    default:
                        if (!reader.TrySkip())
                        {
                            return Verdict.NeedMore;
                        }

                        break;
                }
            }

            return isFinal ? Verdict.NotAnEnvelope : Verdict.NeedMore;
        }
        catch (JsonException)
        {
            return Verdict.NotAnEnvelope;
        }
    }

    private enum Verdict
    {
        NeedMore,
        Success,
        Failure,
        NotAnEnvelope,
    }
}
