using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Email;

/// <summary>How the outbox delivers mail (section "Email").</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Deliver to the dev mailbox page (/dev/mailbox) instead of SMTP; sandbox mode turns this on.</summary>
    public bool DevMailbox { get; set; }

    /// <summary>Delivery attempts before a message is marked Failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failure; doubles with each further failure (plus jitter).</summary>
    [Range(0.01, 86_400)]
    public double RetryBaseDelaySeconds { get; set; } = 30;

    [Range(0.01, 86_400)]
    public double RetryMaxDelaySeconds { get; set; } = 3_600;

    /// <summary>
    /// How long an instance may hold a claimed message. Must exceed the SMTP timeout: a message still
    /// claimed after this is presumed abandoned by a crashed instance.
    /// </summary>
    [Range(1, 86_400)]
    public int LeaseSeconds { get; set; } = 300;

    [Range(0.05, 3_600)]
    public double PollIntervalSeconds { get; set; } = 5;

    /// <summary>Messages one instance claims per pass.</summary>
    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 20;
}
