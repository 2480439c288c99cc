using MimeKit;

namespace SalesInsightActions.Web.Email;

/// <summary>Turns an outbox row into the MIME message that goes on the wire.</summary>
public static class OutboxMimeMessage
{
    public static MimeMessage Create(OutboxEmail email, SmtpOptions smtp, OutboxBodies bodies)
    {
        var message = new MimeMessage
        {
            Subject = email.Subject,
            // Fixed at queue time: a retried delivery carries the same id, so receivers can de-duplicate.
            MessageId = email.MessageId,
            Date = DateTimeOffset.UtcNow,
        };
        var fromAddress = email.FromAddress ?? smtp.FromAddress;
        message.From.Add(new MailboxAddress(email.FromName ?? smtp.FromName, fromAddress));
        if (!string.Equals(fromAddress, smtp.FromAddress, StringComparison.OrdinalIgnoreCase))
        {
            // Written by someone else, transmitted by us (RFC 5322 3.6.2): the envelope sender, and so bounces, stay ours.
            message.Sender = new MailboxAddress(smtp.FromName, smtp.FromAddress);
        }

        if (email.ReplyToAddress is not null)
        {
            message.ReplyTo.Add(new MailboxAddress("", email.ReplyToAddress));
        }

        message.To.Add(new MailboxAddress(email.ToName ?? "", email.ToAddress));
        if (email.ListUnsubscribe is not null)
        {
            // RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to the address, no page in between.
            message.Headers.Add("List-Unsubscribe", $"<{bodies.Open(email.ListUnsubscribe)}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        // multipart/alternative: plain text first, HTML last (the preferred rendering).
        message.Body = new BodyBuilder { TextBody = bodies.Open(email.TextBody), HtmlBody = bodies.Open(email.HtmlBody) }.ToMessageBody();
        return message;
    }
}
