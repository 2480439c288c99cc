using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Web.Infrastructure.Security;

/// <summary>
/// Running behind a TLS-terminating reverse proxy (deploy/proxy): the scheme and client address come from
/// X-Forwarded-Proto / X-Forwarded-For, but only when the request comes from a proxy we were told about — anyone else
/// could claim "https" or any address. Outside Development the app also refuses to start without a public address for
/// emailed links and with "any host" allowed, so a forged Host header can neither steer invitation links nor be served.
/// </summary>
public static class ProxySetup
{
    public const string Section = "ForwardedHeaders";

    public static WebApplicationBuilder AddProxySupport(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? Split(section["KnownProxies"]);
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? Split(section["KnownNetworks"]);
        var parsedProxies = proxies.Select(p => IPAddress.TryParse(p, out var ip) ? ip
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies has '{p}', which is not an IP address.")).ToList();
        var parsedNetworks = networks.Select(n => System.Net.IPNetwork.TryParse(n, out var net) ? net
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks has '{n}', which is not a network like 172.28.0.0/24.")).ToList();

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy in front: the last hop's claim is the only one we check against the list.
            o.ForwardLimit = 1;
            if (parsedProxies.Count > 0 || parsedNetworks.Count > 0)
            {
                // Configured: exactly these, not also loopback (a sidecar on the same host is not automatically trusted).
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                parsedProxies.ForEach(o.KnownProxies.Add);
                parsedNetworks.ForEach(o.KnownIPNetworks.Add);
            }
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });

        if (!builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing"))
        {
            RequireProductionAddressing(builder.Configuration);
        }

        return builder;
    }

    /// <summary>First in the pipeline: everything after it (logs, cookies, redirects, links) sees the real scheme and client.</summary>
    public static WebApplication UseProxySupport(this WebApplication app)
    {
        // HSTS (UseWebUi, outside Development) is sent only on HTTPS requests: behind the proxy that is known from here on.
        app.UseForwardedHeaders();
        return app;
    }

    /// <summary>The settings a public deployment cannot do without; each failure names the setting to set.</summary>
    public static void RequireProductionAddressing(IConfiguration configuration)
    {
        var publicBaseUrl = configuration[$"{InvitationOptions.Section}:{nameof(InvitationOptions.PublicBaseUrl)}"];
        if (string.IsNullOrWhiteSpace(publicBaseUrl) || !Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                "Invitations:PublicBaseUrl must be set outside Development to the address people reach the app at (e.g. https://sales.example.com): emailed links must never be built from a request's Host header.");
        }

        var allowedHosts = configuration["AllowedHosts"];
        if (string.IsNullOrWhiteSpace(allowedHosts) || allowedHosts.Split(';').Any(h => h.Trim() == "*"))
        {
            throw new InvalidOperationException(
                $"AllowedHosts must list this deployment's host names outside Development (e.g. {uri.Host}), not '*': requests for any other Host are then refused.");
        }
    }

    private static string[] Split(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
