using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

/// <summary>The email a rep's plain-text body becomes: HTML and text parts whose links are tracked, and the open pixel.</summary>
public sealed record ComposedBody(string Html, string Text, IReadOnlyList<string> Links);

/// <summary>The footer's unsubscribe link (to our own confirm page) and its text in the sender's language.</summary>
public sealed record UnsubscribeFooter(string Url, string Text);

/// <summary>
/// Turns a rep's plain-text body into the message: every http(s) link becomes a tracked link (the same address twice
/// is one link), line breaks are kept, and the HTML part ends with the open pixel.
/// </summary>
public static partial class SalesEmailBody
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static ComposedBody Compose(string body, Func<int, string> trackedLink, string pixelUrl, UnsubscribeFooter? unsubscribe = null)
    {
        var links = new List<string>();
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>")
            .Append("<div style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1d1f23;\">");
        var text = new StringBuilder();
        var at = 0;
        foreach (Match m in Url().Matches(body))
        {
            // Sentence punctuation after a link is not part of it.
            var url = m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '\'', '"');
            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                continue;
            }

            var index = links.IndexOf(url);
            if (index < 0)
            {
                links.Add(url);
                index = links.Count - 1;
            }

            AppendText(html, body[at..m.Index]);
            text.Append(body, at, m.Index - at);
            var tracked = trackedLink(index);
            html.Append("<a href=\"").Append(Html.Encode(tracked)).Append("\">").Append(Html.Encode(url)).Append("</a>");
            text.Append(tracked);
            at = m.Index + url.Length;
        }

        AppendText(html, body[at..]);
        text.Append(body, at, body.Length - at);
        if (unsubscribe is not null)
        {
            html.Append("<p style=\"font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#6b7280;margin-top:24px;\"><a href=\"")
                .Append(Html.Encode(unsubscribe.Url)).Append("\" style=\"color:#6b7280;\">").Append(Html.Encode(unsubscribe.Text)).Append("</a></p>");
            text.Append("\n\n-- \n").Append(unsubscribe.Text).Append(": ").Append(unsubscribe.Url);
        }

        html.Append("</div><img src=\"").Append(Html.Encode(pixelUrl))
            .Append("\" width=\"1\" height=\"1\" alt=\"\" style=\"border:0;width:1px;height:1px;\"></body></html>");
        return new ComposedBody(html.ToString(), text.ToString(), links);
    }

    private static void AppendText(StringBuilder html, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                html.Append("<br>");
            }

            html.Append(Html.Encode(lines[i]));
        }
    }

    [GeneratedRegex(@"\bhttps?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
