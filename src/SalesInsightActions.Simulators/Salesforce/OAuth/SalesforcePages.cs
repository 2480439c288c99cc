using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Salesforce.OAuth;

/// <summary>The simulator's login, consent and error pages (plain HTML forms, easy to drive from HttpClient or a browser).</summary>
internal static class SalesforcePages
{
    public static IResult Login(string action, IReadOnlyDictionary<string, string> authorizeParameters, string? username, string? error)
    {
        var html = Start("Login | Salesforce");
        html.Append("<h1>Salesforce (simulator)</h1>");
        if (error is not null)
        {
            html.Append("<div id=\"error\" class=\"loginError\" role=\"alert\">").Append(WebUtility.HtmlEncode(error)).Append("</div>");
        }
        html.Append("<form id=\"login_form\" name=\"login\" method=\"post\" action=\"").Append(WebUtility.HtmlEncode(action)).Append("\">");
        Hidden(html, authorizeParameters);
        Hidden(html, [new("sim_action", "login")]);
        html.Append("<label for=\"username\">Username</label><input id=\"username\" name=\"username\" type=\"email\" value=\"")
            .Append(WebUtility.HtmlEncode(username ?? "")).Append("\" autocomplete=\"username\">");
        html.Append("<label for=\"password\">Password</label><input id=\"password\" name=\"pw\" type=\"password\" autocomplete=\"current-password\">");
        html.Append("<input id=\"Login\" type=\"submit\" name=\"Login\" value=\"Log In\"></form></body></html>");
        return Page(html, StatusCodes.Status200OK);
    }

    public static IResult Consent(string action, IReadOnlyDictionary<string, string> authorizeParameters, string appName, string username, string scope)
    {
        var html = Start("Allow Access? | Salesforce");
        html.Append("<h1>Allow Access?</h1><p id=\"consent\">").Append(WebUtility.HtmlEncode(appName))
            .Append(" is asking to access your data as <strong>").Append(WebUtility.HtmlEncode(username)).Append("</strong>.</p>");
        html.Append("<p>Scopes: ").Append(WebUtility.HtmlEncode(string.IsNullOrWhiteSpace(scope) ? "full" : scope)).Append("</p>");
        html.Append("<form id=\"consent_form\" method=\"post\" action=\"").Append(WebUtility.HtmlEncode(action)).Append("\">");
        Hidden(html, authorizeParameters);
        html.Append("<button type=\"submit\" id=\"oaapprove\" name=\"sim_action\" value=\"allow\">Allow</button>");
        html.Append("<button type=\"submit\" id=\"oadeny\" name=\"sim_action\" value=\"deny\">Deny</button></form></body></html>");
        return Page(html, StatusCodes.Status200OK);
    }

    /// <summary>Salesforce shows an error page instead of redirecting when it cannot trust the client or callback.</summary>
    public static IResult Error(string error, string description)
    {
        var html = Start("Remote Access Error | Salesforce");
        html.Append("<h1>Remote Access Error</h1><p id=\"error\">error=").Append(WebUtility.HtmlEncode(error))
            .Append("</p><p id=\"error_description\">error_description=").Append(WebUtility.HtmlEncode(description)).Append("</p></body></html>");
        return Page(html, StatusCodes.Status400BadRequest);
    }

    private static StringBuilder Start(string title) =>
        new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title></head><body>");

    private static void Hidden(StringBuilder html, IEnumerable<KeyValuePair<string, string>> fields)
    {
        foreach ((string name, string value) in fields)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name)).Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">");
        }
    }

    private static IResult Page(StringBuilder html, int status) => Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
}
