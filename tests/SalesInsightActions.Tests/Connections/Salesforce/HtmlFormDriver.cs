using System.Net;
using System.Text.RegularExpressions;

namespace SalesInsightActions.Tests.Connections.Salesforce;

/// <summary>Plays the browser for an HTML sign-in page: reads the first form's action and fields and posts it.</summary>
internal static partial class HtmlFormDriver
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, Uri pageUri, string html, IReadOnlyDictionary<string, string> fill, string? buttonValue = null)
    {
        var form = FormRegex().Match(html);
        Assert.True(form.Success, "The page has no form: " + html);
        var action = new Uri(pageUri, WebUtility.HtmlDecode(Attribute(form.Groups["attrs"].Value, "action") ?? pageUri.PathAndQuery));
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in InputRegex().Matches(form.Groups["body"].Value))
        {
            var attrs = input.Groups["attrs"].Value;
            var name = Attribute(attrs, "name");
            var type = Attribute(attrs, "type") ?? "text";
            if (name is null || type is "submit" && input.Groups["tag"].Value == "input" && buttonValue is not null)
            {
                continue;
            }

            var value = WebUtility.HtmlDecode(Attribute(attrs, "value") ?? string.Empty);
            if (input.Groups["tag"].Value == "button")
            {
                if (value == buttonValue)
                {
                    fields.Add(new(name, value));
                }

                continue;
            }

            fields.Add(new(name, fill.TryGetValue(name, out var filled) ? filled : value));
        }

        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static string? Attribute(string attrs, string name)
    {
        var match = Regex.Match(attrs, $"""\b{name}="(?<v>[^"]*)" """.Trim(), RegexOptions.IgnoreCase);
        return match.Success ? match.Groups["v"].Value : null;
    }

    [GeneratedRegex("""<form(?<attrs>[^>]*)>(?<body>.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex("""<(?<tag>input|button)(?<attrs>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex InputRegex();
}
