using System.Text;
using Microsoft.AspNetCore.Http;
using static SalesInsightActions.Simulators.SimulatorHtml;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>The issuer's HTML: sign-in form, error page and the auto-submitting form_post response.</summary>
internal static class EntraPages
{
    public static IResult SignIn(string action, IReadOnlyDictionary<string, string> authorizeParameters, string? loginHint, string? error)
    {
        StringBuilder html = Start("Sign in to your account");
        html.Append("<h1>Sign in</h1><p>Simulated Microsoft Entra ID tenant</p>");
        if (error is not null)
        {
            html.Append("<p id=\"error\" role=\"alert\">").Append(Encode(error)).Append("</p>");
        }
        html.Append("<form id=\"signin\" method=\"post\" action=\"").Append(Encode(action)).Append("\">");
        html.AppendHiddenFields(authorizeParameters.Where(p => p.Key is not ("login" or "passwd")));
        html.Append("<label>Email <input type=\"email\" name=\"login\" value=\"").Append(Encode(loginHint)).Append("\" autocomplete=\"username\"></label>");
        html.Append("<label>Password <input type=\"password\" name=\"passwd\" autocomplete=\"current-password\"></label>");
        html.Append("<button type=\"submit\" id=\"idSIButton9\">Sign in</button></form>");
        return Page(html, StatusCodes.Status200OK);
    }

    /// <summary>Shown instead of redirecting when the client or redirect URI cannot be trusted (as Entra does).</summary>
    public static IResult Error(int code, string message)
    {
        StringBuilder html = Start("Sign in to your account");
        html.Append("<h1>Sorry, but we're having trouble signing you in.</h1><p id=\"error\">AADSTS").Append(code).Append(": ").Append(Encode(message)).Append("</p>");
        return Page(html, StatusCodes.Status400BadRequest);
    }

    public static IResult FormPost(string redirectUri, IEnumerable<KeyValuePair<string, string>> fields)
    {
        StringBuilder html = Start("Working...", "onload=\"document.forms[0].submit()\"");
        html.Append("<form method=\"POST\" name=\"hiddenform\" action=\"").Append(Encode(redirectUri)).Append("\">");
        html.AppendHiddenFields(fields);
        html.Append("<noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\" value=\"Submit\" /></noscript></form>");
        return Page(html, StatusCodes.Status200OK);
    }
}
