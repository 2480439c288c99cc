using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

public enum InboundMailOutcome
{
    /// <summary>A reply or bounce of a sales email: its activity was recorded.</summary>
    Recorded,

    /// <summary>This message id was received before: nothing new.</summary>
    Duplicate,

    /// <summary>Not about any sales email we sent (or its sent email is not ours): nothing to record.</summary>
    Unmatched,

    /// <summary>An automatic reply (out of office): not a reply of the person.</summary>
    Ignored,
}

public sealed record InboundMailResult(InboundMailOutcome Outcome, SalesActivityKind? Kind = null);

/// <summary>The message as a mail provider's inbound parse posts it, and why it cannot be used when it cannot.</summary>
public sealed partial record InboundMessage(string From, string? Subject, string MessageId, IReadOnlyList<string> Referenced, bool IsBounce, bool IsAutoReply, string? BounceReason)
{
    /// <summary>
    /// Reads the form fields of SendGrid's Inbound Parse (<c>from</c>, <c>to</c>, <c>subject</c>, <c>headers</c> as the raw header
    /// block, <c>text</c>) or Mailgun's routes (<c>sender</c>, <c>recipient</c>, <c>message-headers</c> as JSON pairs,
    /// <c>Message-Id</c>, <c>In-Reply-To</c>, <c>References</c>, <c>body-plain</c>). Returns the problem, in plain words for the
    /// integrator (an API answer, not a page), when a field the match needs is missing.
    /// </summary>
    public static (InboundMessage? Message, string? Problem) Parse(IReadOnlyDictionary<string, string> form)
    {
        var headers = new List<(string Name, string Value)>();
        if (form.TryGetValue("headers", out var raw) && !string.IsNullOrWhiteSpace(raw))
        {
            headers.AddRange(RawHeaders(raw));
        }

        if (form.TryGetValue("message-headers", out var json) && !string.IsNullOrWhiteSpace(json))
        {
            try
            {
                foreach (var pair in JsonSerializer.Deserialize<List<List<string>>>(json) ?? [])
                {
                    if (pair.Count == 2)
                    {
                        headers.Add((pair[0], pair[1]));
                    }
                }
            }
            catch (JsonException)
            {
                return (null, "The message-headers field is not a JSON list of [name, value] pairs. Post the headers as your mail provider sends them.");
            }
        }

        foreach (var name in new[] { "Message-Id", "In-Reply-To", "References" })
        {
            if (form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                headers.Add((name, value));
            }
        }

        string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

        var from = First(form, "from", "sender") ?? Header("From");
        if (string.IsNullOrWhiteSpace(from))
        {
            return (null, "The message has no sender: post the from (or sender) field.");
        }

        var messageId = Ids(Header("Message-ID")).FirstOrDefault();
        if (messageId is null)
        {
            return (null, "The message has no Message-ID header: post the headers field with the message's headers.");
        }

        var text = First(form, "text", "body-plain") ?? "";
        var contentType = Header("Content-Type") ?? "";
        var fromAddress = Address(from);
        var isBounce = contentType.Contains("multipart/report", StringComparison.OrdinalIgnoreCase)
            || Header("X-Failed-Recipients") is not null
            || fromAddress.StartsWith("mailer-daemon@", StringComparison.OrdinalIgnoreCase)
            || fromAddress.StartsWith("postmaster@", StringComparison.OrdinalIgnoreCase);
        var referenced = Ids(Header("In-Reply-To")).Concat(Ids(Header("References"))).ToList();
        if (isBounce)
        {
            // A bounce quotes the headers of the message that failed.
            referenced.AddRange(QuotedMessageId().Matches(text).Select(m => m.Groups["id"].Value));
        }

        var autoSubmitted = Header("Auto-Submitted");
        var isAutoReply = !isBounce && autoSubmitted is not null && !autoSubmitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase);
        var reason = isBounce ? DiagnosticCode().Match(text) is { Success: true } d ? Cut(d.Groups["reason"].Value.Trim(), 500) : null : null;
        referenced.RemoveAll(id => id == messageId);
        return (new InboundMessage(from, First(form, "subject") ?? Header("Subject"), messageId, [.. referenced.Distinct()], isBounce, isAutoReply, reason), null);
    }

    /// <summary>The idempotency key of the activity a message causes: one per message id and account.</summary>
    public string ActivityKey => "inbound:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(MessageId)))[..56];

    private static IEnumerable<(string, string)> RawHeaders(string raw)
    {
        var unfolded = Folding().Replace(raw, " ");
        foreach (var line in unfolded.ReplaceLineEndings("\n").Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                yield return (line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }
    }

    private static IEnumerable<string> Ids(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            yield break;
        }

        var bracketed = BracketedId().Matches(value);
        if (bracketed.Count == 0)
        {
            var bare = value.Trim();
            if (bare.Contains('@') && !bare.Any(char.IsWhiteSpace) && bare.Length <= 200)
            {
                yield return bare;
            }

            yield break;
        }

        foreach (Match m in bracketed)
        {
            yield return m.Groups["id"].Value;
        }
    }

    private static string Address(string from) => AngleAddress().Match(from) is { Success: true } m ? m.Groups["address"].Value : from.Trim();

    private static string? First(IReadOnlyDictionary<string, string> form, params string[] names) =>
        names.Select(n => form.TryGetValue(n, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null).FirstOrDefault(v => v is not null);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    [GeneratedRegex(@"\r?\n[ \t]+")]
    private static partial Regex Folding();

    [GeneratedRegex(@"<(?<id>[^<>\s]{1,200}@[^<>\s]{1,200})>")]
    private static partial Regex BracketedId();

    [GeneratedRegex(@"<(?<address>[^<>\s]+@[^<>\s]+)>")]
    private static partial Regex AngleAddress();

    [GeneratedRegex(@"^Message-ID:\s*<(?<id>[^<>\s]{1,200}@[^<>\s]{1,200})>", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex QuotedMessageId();

    [GeneratedRegex(@"^Diagnostic-Code:\s*(?<reason>.+)$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex DiagnosticCode();
}

/// <summary>
/// Replies and bounces from the inbound-mail webhook, matched to the sales email they answer by its Message-ID
/// (In-Reply-To and References; for bounces also the quoted headers of the failed message) → Replied to Sales Email
/// or Sales Email Bounced. Idempotent per message id: the activity's key is derived from it. Runs in the scope the
/// secret check entered.
/// </summary>
public sealed partial class InboundMail(AppDbContext db, SalesActivityRecorder recorder, TimeProvider clock, ILogger<InboundMail> logger)
{
    public async Task<InboundMailResult> ReceiveAsync(InboundMessage message, CancellationToken ct)
    {
        var key = message.ActivityKey;
        if (await db.SalesActivities.AnyAsync(a => a.IdempotencyKey == key, ct))
        {
            return new InboundMailResult(InboundMailOutcome.Duplicate);
        }

        if (message.IsAutoReply)
        {
            return new InboundMailResult(InboundMailOutcome.Ignored);
        }

        var ids = message.Referenced;
        var email = ids.Count == 0 ? null : await db.SalesEmails.AsNoTracking().Where(e => ids.Contains(e.MessageId)).OrderBy(e => e.CreatedAt).FirstOrDefaultAsync(ct);
        if (email is null)
        {
            LogUnmatched(message.IsBounce);
            return new InboundMailResult(InboundMailOutcome.Unmatched);
        }

        var kind = message.IsBounce ? SalesActivityKind.SalesEmailBounced : SalesActivityKind.RepliedToSalesEmail;
        var payload = new SalesActivityPayload
        {
            Subject = email.Subject,
            TemplateName = email.TemplateName,
            SentBy = await db.Members.Where(m => m.Id == email.MemberId).Select(m => m.Email).FirstOrDefaultAsync(ct),
            EmailId = email.Id,
            Notes = message.BounceReason,
        };
        if (!await recorder.RecordAsync(kind, email.PersonMarketoId, email.MemberId, payload, key, ct))
        {
            return new InboundMailResult(InboundMailOutcome.Duplicate);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await (message.IsBounce
            ? db.SalesEmails.Where(e => e.Id == email.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.BouncedAt, e => e.BouncedAt ?? now), ct)
            : db.SalesEmails.Where(e => e.Id == email.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.RepliedAt, e => e.RepliedAt ?? now), ct));
        return new InboundMailResult(InboundMailOutcome.Recorded, kind);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An inbound message (bounce: {IsBounce}) matched no sales email")]
    private partial void LogUnmatched(bool isBounce);
}
