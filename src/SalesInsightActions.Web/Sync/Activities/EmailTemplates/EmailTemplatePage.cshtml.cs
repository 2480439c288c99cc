using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Activities.EmailTemplates;

/// <summary>One email template: edit or delete it.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class EmailTemplateModel(EmailTemplates templates, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public Guid TemplateId { get; private set; }

    /// <summary>The template's saved name (the heading), whatever the form holds.</summary>
    public string Title { get; private set; } = "";

    public EmailTemplateInput Input { get; private set; } = new(null, null, null);

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid templateId, CancellationToken ct)
    {
        if (await templates.FindAsync(templateId, ct) is not { } template)
        {
            return NotFound();
        }

        (TemplateId, Title, Input) = (template.Id, template.Name, new EmailTemplateInput(template.Name, template.Subject, template.Body));
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid templateId, string? name, string? subject, string? body, CancellationToken ct)
    {
        var (found, refusal) = await templates.SaveAsync(templateId, new EmailTemplateInput(name, subject, body), ct);
        if (!found)
        {
            return NotFound();
        }

        if (refusal is not null)
        {
            // Nothing was written: the form comes back as typed, with the reason.
            var saved = await templates.FindAsync(templateId, ct);
            (TemplateId, Title, Input) = (templateId, saved?.Name ?? "", new EmailTemplateInput(name, subject, body));
            Error = localizer[refusal.Key, refusal.Args];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        this.Notify("The template was saved.");
        return RedirectToPage(new { templateId });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid templateId, CancellationToken ct)
    {
        if (!await templates.DeleteAsync(templateId, ct))
        {
            return NotFound();
        }

        this.Notify("The template was deleted.");
        return RedirectToPage("/Sync/Activities/EmailTemplates/EmailTemplatesPage");
    }
}
