using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>OpenID Connect discovery document and JWKS in Entra's v2.0 URL layout.</summary>
internal static class EntraDiscoveryEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpRequest request, EntraSimulatorOptions options) =>
        {
            if (!EntraErrors.IsKnownTenant(tenant, options))
            {
                return EntraErrors.UnknownTenant(tenant);
            }
            string root = SimulatorUrls.Root(request);
            return EntraJson.Result(new Dictionary<string, object>
            {
                ["token_endpoint"] = $"{root}/{tenant}/oauth2/v2.0/token",
                ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "private_key_jwt", "client_secret_basic" },
                ["jwks_uri"] = $"{root}/{tenant}/discovery/v2.0/keys",
                ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
                ["subject_types_supported"] = new[] { "pairwise" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
                ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
                ["issuer"] = EntraUrls.Issuer(request, tenant),
                ["request_uri_parameter_supported"] = false,
                ["authorization_endpoint"] = $"{root}/{tenant}/oauth2/v2.0/authorize",
                ["end_session_endpoint"] = $"{root}/{tenant}/oauth2/v2.0/logout",
                ["http_logout_supported"] = true,
                ["frontchannel_logout_supported"] = true,
                ["claims_supported"] = new[] { "sub", "iss", "aud", "exp", "iat", "nbf", "name", "nonce", "oid", "preferred_username", "email", "tid", "ver" },
                ["tenant_region_scope"] = "EU",
                ["cloud_instance_name"] = "microsoftonline.com",
                ["cloud_graph_host_name"] = "graph.windows.net",
                ["msgraph_host"] = "graph.microsoft.com",
            });
        });

        endpoints.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant, HttpRequest request, EntraSimulatorOptions options, EntraSigningKey key) =>
        {
            if (!EntraErrors.IsKnownTenant(tenant, options))
            {
                return EntraErrors.UnknownTenant(tenant);
            }
            var jwk = new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.KeyId,
                ["n"] = key.Modulus,
                ["e"] = key.Exponent,
                ["issuer"] = EntraUrls.Issuer(request, tenant),
            };
            return EntraJson.Result(new { keys = new[] { jwk } });
        });
    }
}
