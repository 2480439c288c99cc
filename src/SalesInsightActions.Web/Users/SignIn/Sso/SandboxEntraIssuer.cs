using System.Collections.Concurrent;
using System.Net;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace SalesInsightActions.Web.Users.SignIn.Sso;

/// <summary>
/// Sandbox mode: the Entra-like issuer is the app's own /sandbox simulator, so its address is the address the visitor
/// used, whatever port the app runs on (issue 10, finding 12: a fixed localhost:5080 failed on any other port), as the
/// sandbox's Marketo and Salesforce URLs are. Only loopback host names are taken from the request: the metadata says
/// which issuer's tokens to trust, and a Host header naming another machine must not choose it. Other hosts use the
/// configured AzureAd:Instance.
/// </summary>
internal sealed class SandboxEntraIssuer(IHttpContextAccessor http, Uri configuredInstance, string tenant, HttpClient backchannel)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _byIssuer = new(StringComparer.OrdinalIgnoreCase);

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel) =>
        _byIssuer.GetOrAdd(InstanceFor(http.HttpContext?.Request), instance => new ConfigurationManager<OpenIdConnectConfiguration>(
            $"{instance}{Uri.EscapeDataString(tenant)}/v2.0/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(backchannel) { RequireHttps = false })).GetConfigurationAsync(cancel);

    public void RequestRefresh()
    {
        foreach (var manager in _byIssuer.Values)
        {
            manager.RequestRefresh();
        }
    }

    /// <summary>The issuer's base ("http://localhost:5123/sandbox/") for this request.</summary>
    internal string InstanceFor(HttpRequest? request)
    {
        var configured = configuredInstance.AbsoluteUri.EndsWith('/') ? configuredInstance.AbsoluteUri : configuredInstance.AbsoluteUri + "/";
        if (request is null || !IsLoopback(request.Host.Host))
        {
            return configured;
        }

        return $"{request.Scheme}://{request.Host}{request.PathBase}{configuredInstance.AbsolutePath.TrimEnd('/')}/";
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
