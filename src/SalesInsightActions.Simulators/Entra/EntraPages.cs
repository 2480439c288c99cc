using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>The issuer's HTML: sign-in form, error page and the auto-submitting form_post response.</summary>
internal static class EntraPages
{
    public static IResult SignIn(string action, IReadOnlyDictionary<string, string> authorizeParameters, string? loginHint, string? error)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sign in to your account</title></head><body>");
        html.Append("<h1>Sign in</h1><p>Simulated Microsoft Entra ID tenant</p>");
        if (error is not null)
        {
            html.Append("<p id=\"error\" role=\"alert\">").Append(WebUtility.HtmlEncode(error)).Append("</p>");
        }
        html.Append("<form id=\"signin\" method=\"post\" action=\"").Append(WebUtility.HtmlEncode(action)).Append("\">");
        AppendHiddenFields(html, authorizeParameters.Where(p => p.Key is not ("login" or "passwd")));
        html.Append("<label>Email <input type=\"email\" name=\"login\" value=\"").Append(WebUtility.HtmlEncode(loginHint ?? "")).Append("\" autocomplete=\"username\"></label>");
        html.Append("<label>Password <input type=\"password\" name=\"passwd\" autocomplete=\"current-password\"></label>");
        html.Append("<button type=\"submit\" id=\"idSIButton9\">Sign in</button></form></body></html>");
        return Html(html.ToString(), StatusCodes.Status200OK);
    }

    /// <summary>Shown instead of redirecting when the client or redirect URI cannot be trusted (as Entra does).</summary>
    public static IResult Error(int code, string message)
    {
        string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sign in to your account</title></head><body>"
            + $"<h1>Sorry, but we're having trouble signing you in.</h1><p id=\"error\">AADSTS{code}: {WebUtility.HtmlEncode(message)}</p></body></html>";
        return Html(html, StatusCodes.Status400BadRequest);
    }

    public static IResult FormPost(string redirectUri, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Working...</title></head><body onload=\"document.forms[0].submit()\">");
        html.Append("<form method=\"POST\" name=\"hiddenform\" action=\"").Append(WebUtility.HtmlEncode(redirectUri)).Append("\">");
        AppendHiddenFields(html, fields);
        html.Append("<noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\" value=\"Submit\" /></noscript></form></body></html>");
        return Html(html.ToString(), StatusCodes.Status200OK);
    }

    private static void AppendHiddenFields(StringBuilder html, IEnumerable<KeyValuePair<string, string>> fields)
    {
        foreach ((string name, string value) in fields)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name))
                .Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\" />");
        }
    }

    private static IResult Html(string html, int status) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
}
