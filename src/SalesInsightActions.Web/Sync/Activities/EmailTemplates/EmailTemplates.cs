using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync.Activities.SalesEmails;

namespace SalesInsightActions.Web.Sync.Activities.EmailTemplates;

public sealed record EmailTemplateInput(string? Name, string? Subject, string? Body);

/// <summary>Why a template was not saved or an email not sent: a SharedResource key and its arguments.</summary>
public sealed record TemplateRefusal(string Key, params object[] Args);

/// <summary>A template as the person page's picker offers it (raw text: placeholders are filled in when sending).</summary>
public sealed record EmailTemplateChoice(Guid Id, string Name, string Subject, string Body);

/// <summary>Who an email is for and from, as the placeholders read them.</summary>
public sealed record PlaceholderValues(string? FirstName, string? LastName, string? Company, string? Title, string? SenderName, string? SenderEmail);

/// <summary>
/// The placeholders of sales email templates and emails: <c>{{first_name}}</c>, <c>{{last_name}}</c>,
/// <c>{{company}}</c>, <c>{{title}}</c>, <c>{{sender_name}}</c>, <c>{{sender_email}}</c>. Filled in as plain text; the
/// email body is HTML-encoded afterwards with the rest of the text, so a value can't inject markup.
/// </summary>
public static partial class EmailPlaceholders
{
    public static readonly IReadOnlyList<string> Names = ["first_name", "last_name", "company", "title", "sender_name", "sender_email"];

    public static string List => string.Join(", ", Names.Select(n => "{{" + n + "}}"));

    /// <summary>The first placeholder in the texts that is not one of <see cref="Names"/>, as typed; null when all are known.</summary>
    public static string? FirstUnknown(params string?[] texts) =>
        texts.SelectMany(t => Placeholder().Matches(t ?? "")).FirstOrDefault(m => !Names.Contains(m.Groups["name"].Value.ToLowerInvariant()))?.Value;

    public static string Render(string text, PlaceholderValues values) =>
        Placeholder().Replace(text, m => m.Groups["name"].Value.ToLowerInvariant() switch
        {
            "first_name" => values.FirstName ?? "",
            "last_name" => values.LastName ?? "",
            "company" => values.Company ?? "",
            "title" => values.Title ?? "",
            "sender_name" => values.SenderName ?? "",
            "sender_email" => values.SenderEmail ?? "",
            _ => m.Value,
        });

    // Anything between double braces counts, so a typo such as {{ first name }} is reported instead of sent as typed.
    [GeneratedRegex(@"\{\{\s*(?<name>[^{}]*?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

/// <summary>Settings → Email templates (admins), and the templates a rep picks from in Send email.</summary>
public sealed partial class EmailTemplates(AppDbContext db, AuditTrail audit, TimeProvider clock, ILogger<EmailTemplates> logger)
{
    public async Task<IReadOnlyList<EmailTemplateChoice>> ListAsync(CancellationToken ct) =>
        await db.Set<EmailTemplate>().AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new EmailTemplateChoice(t.Id, t.Name, t.Subject, t.Body)).ToListAsync(ct);

    public async Task<EmailTemplate?> FindAsync(Guid id, CancellationToken ct) =>
        await db.Set<EmailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);

    public async Task<(Guid? Id, TemplateRefusal? Refusal)> CreateAsync(EmailTemplateInput input, CancellationToken ct)
    {
        if (await ValidateAsync(input, null, ct) is { } refused)
        {
            return (null, refused);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var template = new EmailTemplate { Name = input.Name!.Trim(), Subject = CleanSubject(input.Subject), Body = input.Body!.Trim(), CreatedAt = now, UpdatedAt = now };
        db.Add(template);
        audit.Add(AuditActions.EmailTemplateCreated, target: template.Name);
        await db.SaveChangesAsync(ct);
        LogChanged(template.Id, "created");
        return (template.Id, null);
    }

    public async Task<(bool Found, TemplateRefusal? Refusal)> SaveAsync(Guid id, EmailTemplateInput input, CancellationToken ct)
    {
        var template = await db.Set<EmailTemplate>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return (false, null);
        }

        if (await ValidateAsync(input, id, ct) is { } refused)
        {
            return (true, refused);
        }

        template.Name = input.Name!.Trim();
        template.Subject = CleanSubject(input.Subject);
        template.Body = input.Body!.Trim();
        template.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.EmailTemplateChanged, target: template.Name);
        await db.SaveChangesAsync(ct);
        LogChanged(id, "changed");
        return (true, null);
    }

    /// <summary>Deletes a template (emails sent with it keep its name); false when there is no such template.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        var template = await db.Set<EmailTemplate>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return false;
        }

        db.Remove(template);
        audit.Add(AuditActions.EmailTemplateDeleted, target: template.Name);
        await db.SaveChangesAsync(ct);
        LogChanged(id, "deleted");
        return true;
    }

    private async Task<TemplateRefusal?> ValidateAsync(EmailTemplateInput input, Guid? id, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        var subject = CleanSubject(input.Subject);
        var body = input.Body?.Trim() ?? "";
        if (name.Length == 0)
        {
            return new TemplateRefusal("The template was not saved: enter its name.");
        }

        if (name.Length > EmailTemplate.NameLength)
        {
            return new TemplateRefusal("The template was not saved: the name can be at most {0} characters long.", EmailTemplate.NameLength);
        }

        if (subject.Length == 0)
        {
            return new TemplateRefusal("The template was not saved: enter a subject.");
        }

        if (subject.Length > SalesEmail.SubjectLength)
        {
            return new TemplateRefusal("The template was not saved: the subject can be at most {0} characters long.", SalesEmail.SubjectLength);
        }

        if (body.Length == 0)
        {
            return new TemplateRefusal("The template was not saved: write its message.");
        }

        if (body.Length > SalesEmail.BodyLength)
        {
            return new TemplateRefusal("The template was not saved: the message can be at most {0} characters long.", SalesEmail.BodyLength);
        }

        if (EmailPlaceholders.FirstUnknown(subject, body) is { } unknown)
        {
            return new TemplateRefusal("The template was not saved: {0} is not a placeholder. Use {1}.", unknown, EmailPlaceholders.List);
        }

        if (await db.Set<EmailTemplate>().AnyAsync(t => t.Name == name && t.Id != id, ct))
        {
            return new TemplateRefusal("The template was not saved: there is already a template named \"{0}\". Choose another name.", name);
        }

        return null;
    }

    private static string CleanSubject(string? subject) => (subject ?? "").ReplaceLineEndings(" ").Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Email template {TemplateId} {Change}")]
    private partial void LogChanged(Guid templateId, string change);
}
