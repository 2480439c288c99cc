using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>
/// An account's choice of which sales activities become Salesforce Tasks and how their subjects read
/// (product.md: "Task subject comes from an admin-set template"). No row means the defaults of
/// <see cref="ActivityWriteOptions"/> and every kind logged.
/// </summary>
public sealed class SalesforceTaskSettings : IAccountOwned
{
    public const int TemplateLength = 500;

    public Guid SalesAccountId { get; set; }

    /// <summary>The kinds logged as Tasks, by name, comma-separated (readable in the database, stable if kinds are added).</summary>
    public string LoggedKinds { get; set; } = "";

    public string CallSubjectTemplate { get; set; } = "";
    public string EmailSubjectTemplate { get; set; } = "";
    public DateTime UpdatedAt { get; set; }

    public IReadOnlySet<SalesActivityKind> Kinds() =>
        LoggedKinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => Enum.TryParse<SalesActivityKind>(k, out var kind) ? (SalesActivityKind?)kind : null)
            .OfType<SalesActivityKind>().ToHashSet();
}

internal sealed class SalesforceTaskSettingsConfiguration : IEntityTypeConfiguration<SalesforceTaskSettings>
{
    public void Configure(EntityTypeBuilder<SalesforceTaskSettings> builder)
    {
        builder.ToTable("salesforce_task_settings");
        builder.HasKey(s => s.SalesAccountId);
        builder.Property(s => s.LoggedKinds).HasMaxLength(400);
        builder.Property(s => s.CallSubjectTemplate).HasMaxLength(SalesforceTaskSettings.TemplateLength);
        builder.Property(s => s.EmailSubjectTemplate).HasMaxLength(SalesforceTaskSettings.TemplateLength);
    }
}

/// <summary>The settings as the writer and the settings page use them.</summary>
/// <remarks>Opens, clicks, bounces and campaign changes use <see cref="ActivityWriteOptions.EmailEventSubjectTemplate"/>.</remarks>
public sealed record TaskSettingsView(IReadOnlySet<SalesActivityKind> LoggedKinds, string CallSubjectTemplate, string EmailSubjectTemplate, string EventSubjectTemplate)
{
    public bool Logs(SalesActivityKind kind) => LoggedKinds.Contains(kind);

    public string TemplateFor(SalesActivityKind kind) => kind switch
    {
        SalesActivityKind.SalesCallReceived => CallSubjectTemplate,
        SalesActivityKind.SendSalesEmail => EmailSubjectTemplate,
        _ => EventSubjectTemplate,
    };
}

/// <summary>A Task subject as it would be written for one kind, from a sample activity.</summary>
public sealed record TaskSubjectPreview(SalesActivityKind Kind, string Subject);

public sealed record TaskSettingsInput(IReadOnlyCollection<string>? LoggedKinds, string? CallSubjectTemplate, string? EmailSubjectTemplate);

/// <summary>
/// Settings → Admin Settings → Salesforce Tasks: which kinds become Tasks, the subject templates, and the preview of
/// what Salesforce will show. The preview is rendered by <see cref="TaskSubject"/> itself, so it cannot disagree with
/// the Tasks written.
/// </summary>
public sealed partial class TaskSettingsService(AppDbContext db, AuditTrail audit, IOptions<ActivityWriteOptions> options, TimeProvider clock)
{
    /// <summary>What a preview shows: a plausible activity of each kind.</summary>
    public static readonly SalesActivityPayload Sample = new()
    {
        Subject = "Following up on our call",
        TemplateName = "Follow-up",
        CampaignName = "Q4 outreach",
        CampaignStep = "Step 2",
        CallOutcome = "Connected",
        CallReason = "Pricing question",
        SentBy = "rep@example.com",
    };

    public async Task<TaskSettingsView> LoadAsync(CancellationToken ct)
    {
        var row = await db.Set<SalesforceTaskSettings>().AsNoTracking().FirstOrDefaultAsync(ct);
        return row is null
            ? new TaskSettingsView(Enum.GetValues<SalesActivityKind>().ToHashSet(), options.Value.CallSubjectTemplate, options.Value.EmailSubjectTemplate, options.Value.EmailEventSubjectTemplate)
            : new TaskSettingsView(row.Kinds(), row.CallSubjectTemplate, row.EmailSubjectTemplate, options.Value.EmailEventSubjectTemplate);
    }

    public IReadOnlyList<TaskSubjectPreview> Preview(string? callTemplate, string? emailTemplate)
    {
        var view = new TaskSettingsView(new HashSet<SalesActivityKind>(), callTemplate ?? "", emailTemplate ?? "", options.Value.EmailEventSubjectTemplate);
        return [.. Enum.GetValues<SalesActivityKind>().Select(kind => new TaskSubjectPreview(kind, TaskSubject.Render(view.TemplateFor(kind), kind, Sample)))];
    }

    /// <summary>Saves the settings; the refusal (a SharedResource key) when the input is not acceptable, nothing written then.</summary>
    public async Task<(string Key, object[] Args)?> SaveAsync(TaskSettingsInput input, CancellationToken ct)
    {
        var kinds = new HashSet<SalesActivityKind>();
        foreach (var name in input.LoggedKinds ?? [])
        {
            if (!Enum.TryParse<SalesActivityKind>(name, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
            {
                return ("The settings were not saved: \"{0}\" is not a kind of sales activity. Reload the page and try again.", [name]);
            }

            kinds.Add(kind);
        }

        var call = (input.CallSubjectTemplate ?? "").Trim();
        var email = (input.EmailSubjectTemplate ?? "").Trim();
        foreach (var template in new[] { call, email })
        {
            if (template.Length == 0)
            {
                return ("The settings were not saved: a subject template can't be empty. Use {0} for the kind of activity alone.", ["{{activity_type}}"]);
            }

            if (template.Length > SalesforceTaskSettings.TemplateLength)
            {
                return ("The settings were not saved: a subject template can be at most {0} characters long.", [SalesforceTaskSettings.TemplateLength]);
            }

            if (TaskSubject.UnknownPlaceholders(template).FirstOrDefault() is { } unknown)
            {
                return ("The settings were not saved: {0} is not a placeholder. Use the ones listed under the templates.", [unknown]);
            }
        }

        var row = await db.Set<SalesforceTaskSettings>().FirstOrDefaultAsync(ct);
        if (row is null)
        {
            row = new SalesforceTaskSettings();
            db.Add(row);
        }

        row.LoggedKinds = string.Join(',', kinds.Order());
        row.CallSubjectTemplate = call;
        row.EmailSubjectTemplate = email;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.TaskSettingsChanged, details: $"kinds: {row.LoggedKinds}; call: {call}; email: {email}");
        await db.SaveChangesAsync(ct);
        return null;
    }
}
