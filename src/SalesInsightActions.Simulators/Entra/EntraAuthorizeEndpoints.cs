using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>
/// /{tenant}/oauth2/v2.0/authorize: sign-in form (skipped while the issuer's session cookie is valid
/// unless prompt=login), then the response per response_mode (form_post, query or fragment).
/// Unknown query parameters (Identity.Web's x-client-*) are ignored and carried through the form.
/// </summary>
internal static class EntraAuthorizeEndpoints
{
    public const string SessionCookieName = "sim_entra_session";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{tenant}/oauth2/v2.0/authorize", (string tenant, HttpContext context) =>
            Handle(tenant, context, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal), credentials: null));

        endpoints.MapPost("/{tenant}/oauth2/v2.0/authorize", async (string tenant, HttpContext context) =>
        {
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            var parameters = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            return Handle(tenant, context, parameters, (parameters.GetValueOrDefault("login") ?? "", parameters.GetValueOrDefault("passwd") ?? ""));
        }).DisableAntiforgery();

        endpoints.MapGet("/{tenant}/oauth2/v2.0/logout", (string tenant, HttpContext context, EntraAuthorizationState state) =>
        {
            state.EndSession(context.Request.Cookies[SessionCookieName]);
            context.Response.Cookies.Delete(SessionCookieName, new CookieOptions { Path = SimulatorUrls.CookiePath(context.Request) });
            string? postLogout = context.Request.Query["post_logout_redirect_uri"];
            return postLogout is not null && Uri.TryCreate(postLogout, UriKind.Absolute, out _)
                ? Results.Redirect(postLogout)
                : Results.Content("<!DOCTYPE html><html><body><p>You signed out of your account.</p></body></html>", "text/html");
        });
    }

    private static IResult Handle(string tenant, HttpContext context, Dictionary<string, string> parameters, (string Login, string Password)? credentials)
    {
        var options = context.RequestServices.GetRequiredService<EntraSimulatorOptions>();
        var state = context.RequestServices.GetRequiredService<EntraAuthorizationState>();
        if (!EntraErrors.IsKnownTenant(tenant, options))
        {
            return EntraPages.Error(90002, $"Tenant '{tenant}' not found.");
        }
        string clientId = parameters.GetValueOrDefault("client_id") ?? "";
        if (!string.Equals(clientId, options.ClientId, StringComparison.Ordinal))
        {
            return EntraPages.Error(700016, $"Application with identifier '{clientId}' was not found in the directory.");
        }
        string redirectUri = parameters.GetValueOrDefault("redirect_uri") ?? "";
        if (!IsRegisteredRedirectUri(redirectUri, options))
        {
            return EntraPages.Error(50011, $"The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{clientId}'.");
        }

        string responseType = parameters.GetValueOrDefault("response_type") ?? "";
        string responseMode = parameters.GetValueOrDefault("response_mode") ?? (responseType == "code" ? "query" : "fragment");
        string? oauthState = parameters.GetValueOrDefault("state");
        if (responseType is not ("code" or "id_token"))
        {
            return Respond(redirectUri, responseMode, ErrorFields("unsupported_response_type", "AADSTS700054: response_type is not supported by the simulator.", oauthState));
        }
        string scope = parameters.GetValueOrDefault("scope") ?? "";
        if (!scope.Split(' ').Contains("openid", StringComparer.Ordinal) && responseType == "id_token")
        {
            return Respond(redirectUri, responseMode, ErrorFields("invalid_request", "AADSTS900144: The request body must contain the 'openid' scope for response_type=id_token.", oauthState));
        }
        string? codeChallenge = parameters.GetValueOrDefault("code_challenge");
        string? challengeMethod = parameters.GetValueOrDefault("code_challenge_method");
        if (codeChallenge is not null && challengeMethod is not (null or "S256"))
        {
            return Respond(redirectUri, responseMode, ErrorFields("invalid_request", "AADSTS501491: Invalid code_challenge_method: only S256 is supported.", oauthState));
        }

        string action = $"{context.Request.PathBase}/{tenant}/oauth2/v2.0/authorize";
        EntraUser? user;
        if (credentials is { } given)
        {
            user = EntraSeededUsers.Find(given.Login);
            if (user is null || !string.Equals(given.Password, options.UserPassword, StringComparison.Ordinal))
            {
                return EntraPages.SignIn(action, parameters, given.Login, "Your account or password is incorrect.");
            }
            string sessionId = state.StartSession(user);
            context.Response.Cookies.Append(SessionCookieName, sessionId, new CookieOptions
            {
                Path = SimulatorUrls.CookiePath(context.Request),
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
            });
            context.RequestServices.GetRequiredService<ILogger<EntraAuthorizationState>>()
                .LogInformation("Entra simulator signed in {UserPrincipalName} for client {ClientId}", user.UserPrincipalName, clientId);
        }
        else
        {
            user = state.FindSession(context.Request.Cookies[SessionCookieName]);
            if (user is null && parameters.GetValueOrDefault("prompt") == "none")
            {
                return Respond(redirectUri, responseMode, ErrorFields("login_required", "AADSTS50058: A silent sign-in request was sent but no user is signed in.", oauthState));
            }
            if (user is null || parameters.GetValueOrDefault("prompt") == "login")
            {
                return EntraPages.SignIn(action, parameters, parameters.GetValueOrDefault("login_hint"), error: null);
            }
        }

        string issuer = EntraUrls.Issuer(context.Request, options.TenantId);
        string sessionState = Guid.NewGuid().ToString();
        var fields = new List<KeyValuePair<string, string>>();
        if (responseType == "code")
        {
            var clock = context.RequestServices.GetRequiredService<TimeProvider>();
            string code = state.IssueCode(new EntraAuthorizationCode(clientId, redirectUri, user, scope, parameters.GetValueOrDefault("nonce"),
                codeChallenge, clock.GetUtcNow() + TimeSpan.FromSeconds(options.AuthorizationCodeLifetimeSeconds)));
            fields.Add(new("code", code));
        }
        else
        {
            var tokens = context.RequestServices.GetRequiredService<EntraTokenFactory>();
            fields.Add(new("id_token", tokens.CreateIdToken(issuer, clientId, user, parameters.GetValueOrDefault("nonce"))));
        }
        if (oauthState is not null)
        {
            fields.Add(new("state", oauthState));
        }
        fields.Add(new("session_state", sessionState));
        return Respond(redirectUri, responseMode, fields);
    }

    internal static bool IsRegisteredRedirectUri(string redirectUri, EntraSimulatorOptions options) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out _)
        && options.AllowedRedirectUriPrefixes.Any(prefix => redirectUri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static List<KeyValuePair<string, string>> ErrorFields(string error, string description, string? oauthState)
    {
        var fields = new List<KeyValuePair<string, string>> { new("error", error), new("error_description", description) };
        if (oauthState is not null)
        {
            fields.Add(new("state", oauthState));
        }
        return fields;
    }

    private static IResult Respond(string redirectUri, string responseMode, List<KeyValuePair<string, string>> fields)
    {
        switch (responseMode)
        {
            case "form_post":
                return EntraPages.FormPost(redirectUri, fields);
            case "fragment":
                string fragment = string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
                return Results.Redirect(redirectUri + "#" + fragment);
            default:
                return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, fields.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value))));
        }
    }
}
