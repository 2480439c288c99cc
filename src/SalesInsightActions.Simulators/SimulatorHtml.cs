using System.Net;
using System.Text;

using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators;

/// <summary>Plain HTML building blocks for the simulators' sign-in, consent and error pages.</summary>
internal static class SimulatorHtml
{
    public static StringBuilder Start(string title, string? bodyAttributes = null) =>
        new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(Encode(title))
            .Append("</title></head><body").Append(bodyAttributes is null ? "" : " " + bodyAttributes).Append('>');

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static StringBuilder AppendHiddenFields(this StringBuilder html, IEnumerable<KeyValuePair<string, string>> fields)
    {
        foreach ((string name, string value) in fields)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">");
        }
        return html;
    }

    public static IResult Page(StringBuilder html, int status) =>
        Results.Content(html.Append("</body></html>").ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
}
