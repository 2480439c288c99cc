using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>Section "Activities": how activities are written out.</summary>
public sealed class ActivityWriteOptions
{
    public const string Section = "Activities";

    /// <summary>How often each account's activity write job runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Activities per Marketo add-custom-activities call (Marketo takes at most 300).</summary>
    [Range(1, 300)]
    public int MarketoBatchSize { get; set; } = 300;

    /// <summary>
    /// Marketo add-custom-activities calls in flight at once (the subscription allows 10; the client's limiter still
    /// paces them to the call-rate limit). More than one lets the store's work overlap the calls.
    /// </summary>
    [Range(1, 10)]
    public int MarketoConcurrentCalls { get; set; } = 4;

    /// <summary>Tasks per Salesforce composite call (Salesforce takes at most 200).</summary>
    [Range(1, 200)]
    public int SalesforceBatchSize { get; set; } = 200;

    /// <summary>Task subject of a logged call; placeholders as in <see cref="TaskSubject"/>.</summary>
    [Required]
    [MaxLength(1000)]
    public string CallSubjectTemplate { get; set; } = "Call: {{call_outcome}} – {{call_reason}}";

    /// <summary>Task subject of a sent sales email.</summary>
    [Required]
    [MaxLength(1000)]
    public string EmailSubjectTemplate { get; set; } = "Email: {{activity_subject}}";

    /// <summary>Task subject of what happened to a sales email afterwards (opened, clicked, bounced); replies are always "Reply: &lt;subject&gt;".</summary>
    [Required]
    [MaxLength(1000)]
    public string EmailEventSubjectTemplate { get; set; } = "{{activity_type}}: {{activity_subject}}";

    /// <summary>The package's External ID field on Task that makes a retried write an update, not a second Task.</summary>
    [Required]
    public string TaskExternalIdField { get; set; } = "mkto_si__Sales_Activity_Id__c";
}
