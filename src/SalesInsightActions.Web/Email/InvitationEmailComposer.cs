using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Email;

/// <summary>
/// Writes the invitation email (HTML and plain text) in the current UI culture, ready to be added
/// to the outbox in the same transaction as the invitation.
/// </summary>
public sealed class InvitationEmailComposer(IStringLocalizer<SharedResource> localizer, IOptions<SmtpOptions> smtp, TimeProvider clock)
{
    // Keeps Chinese text readable in the HTML source while still encoding <, >, &, quotes.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private IStringLocalizer<SharedResource> L => localizer;

    public OutboxEmail Compose(InvitationEmailModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.GetStartedLink.IsAbsoluteUri || (model.GetStartedLink.Scheme != Uri.UriSchemeHttps && model.GetStartedLink.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The Get Started link must be an absolute http(s) URL.", nameof(model));
        }

        var link = model.GetStartedLink.AbsoluteUri;
        var expires = DateTime.SpecifyKind(model.ExpiresAtUtc, DateTimeKind.Utc).ToString("D", CultureInfo.CurrentCulture) + " UTC";
        var subject = L["You are invited to {0} on Sales Insight Actions", OneLine(model.AccountName)].Value;
        var heading = L["You are invited to Sales Insight Actions"].Value;
        var invitedBy = string.IsNullOrWhiteSpace(model.InvitedByName)
            ? (Key: "You have been invited to join the Sales account {0}.", Args: new[] { model.AccountName })
            : (Key: "{0} invited you to join the Sales account {1}.", Args: new[] { model.InvitedByName, model.AccountName });
        var about = L["Sales Insight Actions connects Marketo Engage and Salesforce for your sales team."].Value;
        var button = L["Get Started"].Value;
        var fallback = L["If the button does not work, copy this link into your browser:"].Value;
        var expiry = (Key: "This invitation expires on {0}.", Args: new[] { expires });
        var unexpected = L["If you did not expect this invitation, you can ignore this email: nothing happens unless you open the link."].Value;
        var greeting = string.IsNullOrWhiteSpace(model.ToName) ? L["Hello,"].Value : L["Hello {0},", model.ToName].Value;

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(Html.Encode(subject)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1d1f23;\">")
            .Append("<div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px;\">")
            .Append("<h1 style=\"font-size:22px;margin:0 0 16px;\">").Append(Html.Encode(heading)).Append("</h1>")
            .Append("<p>").Append(Html.Encode(greeting)).Append("</p>")
            .Append("<p>").Append(HtmlSentence(invitedBy.Key, invitedBy.Args)).Append("</p>")
            .Append("<p>").Append(Html.Encode(about)).Append("</p>")
            .Append("<p style=\"margin:28px 0;\"><a href=\"").Append(Html.Encode(link))
            .Append("\" style=\"display:inline-block;background:#1a5fb4;color:#ffffff;text-decoration:none;font-weight:bold;font-size:16px;padding:12px 28px;border-radius:6px;\">")
            .Append(Html.Encode(button)).Append("</a></p>")
            .Append("<p style=\"font-size:13px;color:#555;\">").Append(Html.Encode(fallback)).Append("<br><a href=\"").Append(Html.Encode(link)).Append("\">")
            .Append(Html.Encode(link)).Append("</a></p>")
            .Append("<p>").Append(HtmlSentence(expiry.Key, expiry.Args)).Append("</p>")
            .Append("<p style=\"font-size:13px;color:#555;\">").Append(Html.Encode(unexpected)).Append("</p>")
            .Append("</div></body></html>")
            .ToString();

        var text = new StringBuilder()
            .AppendLine(heading).AppendLine()
            .AppendLine(greeting).AppendLine()
            .AppendLine(L[invitedBy.Key, invitedBy.Args].Value).AppendLine()
            .AppendLine(about).AppendLine()
            .Append(button).Append(": ").AppendLine(link).AppendLine()
            .AppendLine(L[expiry.Key, expiry.Args].Value).AppendLine()
            .AppendLine(unexpected)
            .ToString();

        var now = clock.GetUtcNow().UtcDateTime;
        return new OutboxEmail
        {
            SalesAccountId = model.SalesAccountId,
            ToAddress = model.ToAddress,
            ToName = model.ToName is null ? null : Truncate(OneLine(model.ToName), 200),
            Subject = Truncate(subject, 500),
            HtmlBody = html,
            TextBody = text,
            MessageId = NewMessageId(smtp.Value.FromAddress),
            State = OutboxEmailState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>Localizes a sentence, HTML-encoding the template and every inserted value separately.</summary>
    private string HtmlSentence(string key, string[] args)
    {
        var template = L[key].Value;
        return string.Format(CultureInfo.CurrentCulture, Html.Encode(template), [.. args.Select(a => (object)Html.Encode(a))]);
    }

    /// <summary>A Message-ID on the sender's domain, fixed here so every delivery attempt carries the same one.</summary>
    internal static string NewMessageId(string fromAddress)
    {
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "sales-insight-actions.local";
        return $"{Guid.NewGuid():N}@{domain}";
    }

    private static string OneLine(string value) => value.ReplaceLineEndings(" ").Trim();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
