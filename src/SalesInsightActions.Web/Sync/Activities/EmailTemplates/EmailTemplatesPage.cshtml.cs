using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Activities.EmailTemplates;

/// <summary>Settings → Admin Settings → Email templates: the account's templates, and a new one.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class EmailTemplatesModel(EmailTemplates templates, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<EmailTemplateChoice> Templates { get; private set; } = [];

    public EmailTemplateInput Input { get; private set; } = new(null, null, null);

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Templates = await templates.ListAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? subject, string? body, CancellationToken ct)
    {
        Input = new EmailTemplateInput(name, subject, body);
        var (id, refusal) = await templates.CreateAsync(Input, ct);
        if (refusal is not null)
        {
            // Nothing was written: the form comes back as typed, with the reason.
            Error = localizer[refusal.Key, refusal.Args];
            Templates = await templates.ListAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        this.Notify("The template \"{0}\" was created. Reps can pick it in Send email.", name!.Trim());
        return RedirectToPage("/Sync/Activities/EmailTemplates/EmailTemplatePage", new { templateId = id });
    }
}
