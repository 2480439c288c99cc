using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Email;

/// <summary>Delivers through the configured SMTP server with MailKit, one connection per message.</summary>
public sealed class SmtpMailTransport(IOptionsMonitor<SmtpOptions> options, OutboxBodies bodies) : IMailTransport
{
    public async Task SendAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        var smtp = options.CurrentValue;
        var message = OutboxMimeMessage.Create(email, smtp, bodies);
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, ToMailKit(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
        {
            throw new PermanentMailFailureException($"The mail server refused the recipient ({(int)e.StatusCode}): {e.Message}", e);
        }
        finally
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
    }

    internal static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
