using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>Settings → Admin Settings → Salesforce Tasks: which activities become Tasks and the subject templates, with a live preview.</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class TaskSettingsModel(TaskSettingsService settings, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public List<string> LoggedKinds { get; set; } = [];

    [BindProperty]
    public string? CallSubjectTemplate { get; set; }

    [BindProperty]
    public string? EmailSubjectTemplate { get; set; }

    public IReadOnlyList<TaskSubjectPreview> Previews { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var current = await settings.LoadAsync(ct);
        LoggedKinds = [.. current.LoggedKinds.Select(k => k.ToString())];
        CallSubjectTemplate = current.CallSubjectTemplate;
        EmailSubjectTemplate = current.EmailSubjectTemplate;
        Previews = settings.Preview(CallSubjectTemplate, EmailSubjectTemplate);
    }

    /// <summary>Fetched by wwwroot/js/task-settings.js as the admin types: the subjects these templates would give.</summary>
    public IActionResult OnGetPreview(string? callSubjectTemplate, string? emailSubjectTemplate) =>
        new JsonResult(settings.Preview(Cut(callSubjectTemplate), Cut(emailSubjectTemplate)).Select(p => new { kind = p.Kind.ToString(), subject = p.Subject }));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await settings.SaveAsync(new TaskSettingsInput(LoggedKinds, CallSubjectTemplate, EmailSubjectTemplate), ct) is { } refusal)
        {
            // Nothing was written: the form comes back as typed, with the reason.
            Error = localizer[refusal.Key, refusal.Args];
            Previews = settings.Preview(CallSubjectTemplate, EmailSubjectTemplate);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        this.Notify("Salesforce Task settings saved. They apply to every activity written from now on.");
        return RedirectToPage();
    }

    private static string? Cut(string? template) =>
        template is { Length: > SalesforceTaskSettings.TemplateLength } ? template[..SalesforceTaskSettings.TemplateLength] : template;
}
