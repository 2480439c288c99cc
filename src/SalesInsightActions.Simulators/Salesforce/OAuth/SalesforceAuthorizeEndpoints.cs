using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesInsightActions.Simulators.Salesforce.Records;

namespace SalesInsightActions.Simulators.Salesforce.OAuth;

/// <summary>
/// Web-server flow, authorize step: login page (skipped while the simulator's session cookie is valid,
/// unless prompt=login), then Allow/Deny, then a 302 to the callback with code or error.
/// An unknown client_id or an unregistered redirect_uri gets an error page, never a redirect.
/// </summary>
internal static class SalesforceAuthorizeEndpoints
{
    public const string SessionCookieName = "sim_sf_sid";

    private static readonly HashSet<string> ControlFields = new(StringComparer.Ordinal) { "sim_action", "username", "pw", "Login" };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/services/oauth2/authorize", (HttpContext context) =>
        {
            var parameters = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            return Handle(context, parameters, action: null);
        });

        endpoints.MapPost("/services/oauth2/authorize", async (HttpContext context) =>
        {
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            var all = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            return Handle(context, all, all.GetValueOrDefault("sim_action"));
        }).DisableAntiforgery();
    }

    private static IResult Handle(HttpContext context, Dictionary<string, string> all, string? action)
    {
        var simulator = context.RequestServices.GetRequiredService<SalesforceSimulatorState>();
        SalesforceSimulatorOptions options = simulator.Options;
        var parameters = all.Where(p => !ControlFields.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        string clientId = parameters.GetValueOrDefault("client_id") ?? "";
        if (!string.Equals(clientId, options.ClientId, StringComparison.Ordinal))
        {
            return SalesforcePages.Error("invalid_client_id", "client identifier invalid");
        }
        string redirectUri = parameters.GetValueOrDefault("redirect_uri") ?? "";
        if (!IsRegisteredCallback(redirectUri, options))
        {
            return SalesforcePages.Error("redirect_uri_mismatch", "redirect_uri must match configuration");
        }
        string? state = parameters.GetValueOrDefault("state");
        if (parameters.GetValueOrDefault("response_type") != "code")
        {
            return Redirect(redirectUri, state, ("error", "unsupported_response_type"), ("error_description", "response type not supported"));
        }
        if (simulator.Setup.ConnectedAppBlocked)
        {
            return Redirect(redirectUri, state, ("error", "OAUTH_APP_BLOCKED"), ("error_description", "this app is blocked by admin"));
        }
        string? challenge = parameters.GetValueOrDefault("code_challenge");
        string? method = parameters.GetValueOrDefault("code_challenge_method");
        if (challenge is not null && method is not (null or "S256"))
        {
            return Redirect(redirectUri, state, ("error", "invalid_request"), ("error_description", "invalid code_challenge_method"));
        }

        string formAction = $"{context.Request.PathBase}/services/oauth2/authorize";
        string scope = parameters.GetValueOrDefault("scope") ?? "";
        SalesforceLoginUser? user;
        switch (action)
        {
            case "login":
                string username = all.GetValueOrDefault("username") ?? "";
                user = simulator.Users.FindByUsername(username);
                if (user is null || !user.IsActive || !string.Equals(all.GetValueOrDefault("pw"), options.UserPassword, StringComparison.Ordinal))
                {
                    return SalesforcePages.Login(formAction, parameters, username,
                        "Please check your username and password. If you still can't log in, contact your Salesforce administrator.");
                }
                context.Response.Cookies.Append(SessionCookieName, simulator.OAuth.StartSession(user), new CookieOptions
                {
                    Path = SimulatorUrls.CookiePath(context.Request),
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                });
                context.RequestServices.GetRequiredService<ILogger<SalesforceOAuthState>>()
                    .LogInformation("Salesforce simulator login for {Username} in org {OrgId}", user.Username, user.OrgId);
                return SalesforcePages.Consent(formAction, parameters, "Sales Insight Actions", user.Username, scope);

            case "allow":
            case "deny":
                user = simulator.OAuth.FindSession(context.Request.Cookies[SessionCookieName]);
                if (user is null)
                {
                    return SalesforcePages.Login(formAction, parameters, null, error: null);
                }
                if (action == "deny")
                {
                    return Redirect(redirectUri, state, ("error", "access_denied"), ("error_description", "end-user denied authorization"));
                }
                if (!user.ApiEnabled)
                {
                    return Redirect(redirectUri, state, ("error", "access_denied"), ("error_description", "user hasn't approved this consumer"));
                }
                string code = simulator.OAuth.IssueCode(new SalesforceAuthorizationCode(clientId, redirectUri, user, scope, challenge,
                    simulator.Clock.GetUtcNow().AddSeconds(options.AuthorizationCodeLifetimeSeconds)));
                return Redirect(redirectUri, state, ("code", code));

            default:
                user = simulator.OAuth.FindSession(context.Request.Cookies[SessionCookieName]);
                if (user is null || parameters.GetValueOrDefault("prompt")?.Split(' ').Contains("login") == true)
                {
                    return SalesforcePages.Login(formAction, parameters, parameters.GetValueOrDefault("login_hint"), error: null);
                }
                return SalesforcePages.Consent(formAction, parameters, "Sales Insight Actions", user.Username, scope);
        }
    }

    internal static bool IsRegisteredCallback(string redirectUri, SalesforceSimulatorOptions options) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out _)
        && options.AllowedRedirectUriPrefixes.Any(prefix => redirectUri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static IResult Redirect(string redirectUri, string? state, params (string Name, string Value)[] fields)
    {
        var query = fields.Select(f => new KeyValuePair<string, string?>(f.Name, f.Value)).ToList();
        if (state is not null)
        {
            query.Add(new("state", state));
        }
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, query));
    }
}
