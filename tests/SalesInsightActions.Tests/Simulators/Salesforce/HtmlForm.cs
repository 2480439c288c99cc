using System.Net;
using System.Text.RegularExpressions;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

/// <summary>Reads an HTML form (action and input fields) the way a browser would submit it, for HttpClient-driven sign-in tests.</summary>
internal sealed partial record HtmlForm(string Action, Dictionary<string, string> Fields)
{
    [GeneratedRegex("<form[^>]*id=\"(?<id>[^\"]*)\"[^>]*action=\"(?<action>[^\"]*)\"|<form[^>]*action=\"(?<action>[^\"]*)\"[^>]*id=\"(?<id>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();

    [GeneratedRegex("<form[^>]*action=\"(?<action>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex AnyFormTag();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]*)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    public static HtmlForm Parse(string html, string? formId = null)
    {
        Match form = formId is null
            ? AnyFormTag().Match(html)
            : FormTag().Matches(html).FirstOrDefault(m => m.Groups["id"].Value == formId) ?? Match.Empty;
        if (!form.Success)
        {
            throw new InvalidOperationException($"No form {formId} in page: {html}");
        }
        string body = html[form.Index..];
        int end = body.IndexOf("</form>", StringComparison.OrdinalIgnoreCase);
        body = end > 0 ? body[..end] : body;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in HiddenInput().Matches(body))
        {
            fields[WebUtility.HtmlDecode(input.Groups["name"].Value)] = WebUtility.HtmlDecode(input.Groups["value"].Value);
        }
        return new HtmlForm(WebUtility.HtmlDecode(form.Groups["action"].Value), fields);
    }

    public FormUrlEncodedContent With(params (string Name, string Value)[] extra)
    {
        var all = new Dictionary<string, string>(Fields, StringComparer.Ordinal);
        foreach ((string name, string value) in extra)
        {
            all[name] = value;
        }
        return new FormUrlEncodedContent(all);
    }
}
