using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Email;

public enum SmtpSecurity
{
    /// <summary>Plain SMTP; only for a mail server on the same machine or network (e.g. maildev).</summary>
    None,
    StartTls,
    SslOnConnect,

    /// <summary>TLS on connect for port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto,
}

/// <summary>The mail server the outbox delivers through (section "Smtp").</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Leave empty for a server that does not require authentication.</summary>
    public string? Username { get; set; }

    /// <summary>Never logged.</summary>
    public string? Password { get; set; }

    [Required]
    [EmailAddress]
    public string FromAddress { get; set; } = "no-reply@sales-insight-actions.local";

    [Required]
    [MaxLength(200)]
    public string FromName { get; set; } = "Sales Insight Actions";

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}
