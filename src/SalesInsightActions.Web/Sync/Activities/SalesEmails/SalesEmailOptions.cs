using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

public enum SalesEmailFrom
{
    /// <summary>
    /// From the configured sender's address with the rep's name ("Ann Lee via Sales Insight Actions"), Reply-To the rep:
    /// delivered everywhere, because the From domain is the one the mail server is allowed to send for (SPF, DKIM, DMARC).
    /// </summary>
    OnBehalfOfMember,

    /// <summary>
    /// From the rep's own address, with the configured sender as Sender (and envelope sender, so bounces still come back).
    /// Only for a mail server authorized to send for the reps' domain, or DMARC rejects the mail.
    /// </summary>
    Member,
}

/// <summary>Section "SalesEmail": how reps' sales emails are sent and tracked.</summary>
public sealed class SalesEmailOptions
{
    public const string Section = "SalesEmail";

    public SalesEmailFrom From { get; set; } = SalesEmailFrom.OnBehalfOfMember;

    /// <summary>
    /// Opens and clicks this soon after the email left are a mail server's link scanner fetching on receipt, not the
    /// person: they are served but not counted.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ScannerWindow { get; set; } = TimeSpan.FromSeconds(2);
}
