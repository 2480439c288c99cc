namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>One Marketo subscription's REST endpoint and API-only user credentials.</summary>
/// <param name="Endpoint">Base URL of the subscription, e.g. https://123-ABC-456.mktorest.com (no /rest suffix).</param>
public sealed record MarketoConnection(Uri Endpoint, string ClientId, string ClientSecret)
{
    /// <summary>Key of everything shared per subscription (limiter, quota): scheme + authority + path, lower-case.</summary>
    public string SubscriptionKey { get; } = Normalize(Endpoint);

    /// <summary>Munchkin id when the endpoint is a standard {munchkinId}.mktorest.com host; otherwise the host, for logs.</summary>
    public string MunchkinId => Endpoint.Host.EndsWith(".mktorest.com", StringComparison.OrdinalIgnoreCase)
        ? Endpoint.Host[..Endpoint.Host.IndexOf('.', StringComparison.Ordinal)].ToUpperInvariant()
        : Endpoint.Authority;

    public static MarketoConnection ForMunchkinId(string munchkinId, string clientId, string clientSecret) =>
        new(new Uri($"https://{munchkinId.Trim()}.mktorest.com/"), clientId.Trim(), clientSecret.Trim());

    // Secrets stay out of ToString (records print every member by default).
    public override string ToString() => $"MarketoConnection {{ Endpoint = {Endpoint}, ClientId = {ClientId} }}";

    internal Uri Resolve(string relativePathAndQuery)
    {
        var basePath = Endpoint.AbsoluteUri.EndsWith('/') ? Endpoint.AbsoluteUri : Endpoint.AbsoluteUri + "/";
        return new Uri(basePath + relativePathAndQuery.TrimStart('/'));
    }

    private static string Normalize(Uri endpoint) =>
        (endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/')).ToLowerInvariant();
}
