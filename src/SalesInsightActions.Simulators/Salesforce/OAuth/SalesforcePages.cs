using System.Text;
using Microsoft.AspNetCore.Http;
using static SalesInsightActions.Simulators.SimulatorHtml;

namespace SalesInsightActions.Simulators.Salesforce.OAuth;

/// <summary>The simulator's login, consent and error pages (plain HTML forms, easy to drive from HttpClient or a browser).</summary>
internal static class SalesforcePages
{
    public static IResult Login(string action, IReadOnlyDictionary<string, string> authorizeParameters, string? username, string? error)
    {
        StringBuilder html = Start("Login | Salesforce");
        html.Append("<h1>Salesforce (simulator)</h1>");
        if (error is not null)
        {
            html.Append("<div id=\"error\" class=\"loginError\" role=\"alert\">").Append(Encode(error)).Append("</div>");
        }
        html.Append("<form id=\"login_form\" name=\"login\" method=\"post\" action=\"").Append(Encode(action)).Append("\">");
        html.AppendHiddenFields(authorizeParameters).AppendHiddenFields([new("sim_action", "login")]);
        html.Append("<label for=\"username\">Username</label><input id=\"username\" name=\"username\" type=\"email\" value=\"")
            .Append(Encode(username)).Append("\" autocomplete=\"username\">");
        html.Append("<label for=\"password\">Password</label><input id=\"password\" name=\"pw\" type=\"password\" autocomplete=\"current-password\">");
        html.Append("<input id=\"Login\" type=\"submit\" name=\"Login\" value=\"Log In\"></form>");
        return Page(html, StatusCodes.Status200OK);
    }

    public static IResult Consent(string action, IReadOnlyDictionary<string, string> authorizeParameters, string appName, string username, string scope)
    {
        StringBuilder html = Start("Allow Access? | Salesforce");
        html.Append("<h1>Allow Access?</h1><p id=\"consent\">").Append(Encode(appName))
            .Append(" is asking to access your data as <strong>").Append(Encode(username)).Append("</strong>.</p>");
        html.Append("<p>Scopes: ").Append(Encode(string.IsNullOrWhiteSpace(scope) ? "full" : scope)).Append("</p>");
        html.Append("<form id=\"consent_form\" method=\"post\" action=\"").Append(Encode(action)).Append("\">");
        html.AppendHiddenFields(authorizeParameters);
        html.Append("<button type=\"submit\" id=\"oaapprove\" name=\"sim_action\" value=\"allow\">Allow</button>");
        html.Append("<button type=\"submit\" id=\"oadeny\" name=\"sim_action\" value=\"deny\">Deny</button></form>");
        return Page(html, StatusCodes.Status200OK);
    }

    /// <summary>Salesforce shows an error page instead of redirecting when it cannot trust the client or callback.</summary>
    public static IResult Error(string error, string description)
    {
        StringBuilder html = Start("Remote Access Error | Salesforce");
        html.Append("<h1>Remote Access Error</h1><p id=\"error\">error=").Append(Encode(error))
            .Append("</p><p id=\"error_description\">error_description=").Append(Encode(description)).Append("</p>");
        return Page(html, StatusCodes.Status400BadRequest);
    }
}
