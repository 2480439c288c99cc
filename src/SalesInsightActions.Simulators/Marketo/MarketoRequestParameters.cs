using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>
/// Query parameters of a Marketo GET, or the form body of a POST sent with _method=GET (how
/// clients get around the 8 KB URI limit).
/// </summary>
internal sealed class MarketoRequestParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static async Task<MarketoRequestParameters> ReadAsync(HttpRequest request)
    {
        MarketoRequestParameters parameters = new();
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in request.Query)
        {
            parameters._values[pair.Key] = pair.Value.ToString();
        }
        if (await IsGetTunnelledThroughPostAsync(request))
        {
            IFormCollection form = await request.ReadFormAsync();
            foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in form)
            {
                parameters._values[pair.Key] = pair.Value.ToString();
            }
        }
        return parameters;
    }

    public static async Task<bool> IsGetTunnelledThroughPostAsync(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
        {
            return false;
        }
        if (string.Equals(request.Query["_method"], "GET", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        IFormCollection form = await request.ReadFormAsync();
        return string.Equals(form["_method"], "GET", StringComparison.OrdinalIgnoreCase);
    }

    public string? this[string name] => _values.TryGetValue(name, out string? value) && value.Length > 0 ? value : null;

    /// <summary>Comma-separated list parameter; empty when absent.</summary>
    public IReadOnlyList<string> List(string name)
    {
        return this[name] is { } raw
            ? raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
    }
}
