using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Sync.Activities.Campaigns;
using SalesInsightActions.Web.Sync.Activities.EmailTemplates;
using SalesInsightActions.Web.Sync.Activities.SalesEmails;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.People;

[Authorize(Policy = Policies.AccountMember)]
public sealed class PersonModel(
    PeopleDirectory directory, SalesActivityRecorder recorder, SalesEmailSender emails, SalesCampaigns campaigns, EmailTemplates templates) : PageModel
{
    public PersonDetail Detail { get; private set; } = null!;

    /// <summary>Sent back with Log a call, so a form posted twice logs one call.</summary>
    public string CallKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The cursor of the page of activities to show (older than it); the newest when absent.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Older { get; set; }
    /// <summary>Sent back with Send email, so a form posted twice sends one email.</summary>
    public string EmailKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The person's sales campaigns, and the active ones they can be added to.</summary>
    public PersonCampaigns Campaigns { get; private set; } = new([], []);

    /// <summary>The templates Send email offers.</summary>
    public IReadOnlyList<EmailTemplateChoice> Templates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long marketoId, CancellationToken ct)
    {
        if (await directory.DetailAsync(marketoId, ct, Older) is not { } detail)
        {
            return NotFound();
        }

        Detail = detail;
        Campaigns = await campaigns.ForPersonAsync(marketoId, ct);
        Templates = await templates.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLogCallAsync(
        long marketoId, string? outcome, string? reason, int? durationMinutes, string? notes, string? callKey, CancellationToken ct)
    {
        // A duration that is not a whole number never reaches the service.
        var result = ModelState.IsValid
            ? await recorder.LogCallAsync(marketoId, User.MemberId()!.Value, new LogCallInput(outcome, reason, durationMinutes, notes, callKey), ct)
            : LogCallResult.DurationOutOfRange;
        switch (result)
        {
            case LogCallResult.PersonNotFound:
                return NotFound();
            case LogCallResult.Logged:
                this.Notify("The call was logged. It is written to Marketo and Salesforce within a few minutes.");
                break;
            case LogCallResult.AlreadyLogged:
                this.NotifyInfo("This call was already logged.");
                break;
            case LogCallResult.OutcomeMissing:
                this.NotifyError("The call was not logged: choose its outcome.");
                break;
            case LogCallResult.ReasonTooLong:
                this.NotifyError("The call was not logged: the reason can be at most {0} characters long.", SalesActivityRecorder.ReasonLength);
                break;
            case LogCallResult.DurationOutOfRange:
                this.NotifyError("The call was not logged: enter the duration as whole minutes from 0 to {0}.", SalesActivityRecorder.MaxDurationMinutes);
                break;
            case LogCallResult.NotesTooLong:
                this.NotifyError("The call was not logged: the notes can be at most {0} characters long.", SalesActivityRecorder.NotesLength);
                break;
        }

        return RedirectToPage(new { marketoId });
    }

    public async Task<IActionResult> OnPostSendEmailAsync(long marketoId, string? subject, string? body, string? emailKey, string? templateId, CancellationToken ct)
    {
        var result = await emails.SendAsync(marketoId, User.MemberId()!.Value, new SendEmailInput(subject, body, emailKey, templateId), PublicAddress.Of(Request), ct);
        switch (result)
        {
            case SendEmailResult.PersonNotFound:
                return NotFound();
            case SendEmailResult.Sent:
                this.Notify("The email is on its way. Opens, clicks and replies appear below and are written to Marketo and Salesforce.");
                break;
            case SendEmailResult.AlreadySent:
                this.NotifyInfo("This email was already sent.");
                break;
            case SendEmailResult.PersonHasNoEmail:
                this.NotifyError("The email was not sent: this person has no valid email address in Marketo.");
                break;
            case SendEmailResult.SubjectMissing:
                this.NotifyError("The email was not sent: enter a subject.");
                break;
            case SendEmailResult.SubjectTooLong:
                this.NotifyError("The email was not sent: the subject can be at most {0} characters long.", SalesEmail.SubjectLength);
                break;
            case SendEmailResult.BodyMissing:
                this.NotifyError("The email was not sent: write a message.");
                break;
            case SendEmailResult.BodyTooLong:
                this.NotifyError("The email was not sent: the message can be at most {0} characters long.", SalesEmail.BodyLength);
                break;
            case SendEmailResult.TemplateNotFound:
                this.NotifyError("The email was not sent: the template you chose no longer exists. Choose another template, or none.");
                break;
            case SendEmailResult.UnknownPlaceholder:
                this.NotifyError("The email was not sent: {0} is not a placeholder. Use {1}, or remove the braces.", emails.UnknownPlaceholder!, EmailPlaceholders.List);
                break;
            case SendEmailResult.PersonUnsubscribed:
                this.NotifyError("The email was not sent: this person unsubscribed from sales emails. Sales emails to them are no longer allowed.");
                break;
        }

        return RedirectToPage(new { marketoId });
    }

    public async Task<IActionResult> OnPostAddToCampaignAsync(long marketoId, string? campaignId, CancellationToken ct)
    {
        switch (await campaigns.AddAsync(marketoId, campaignId, User.MemberId()!.Value, ct))
        {
            case CampaignMembershipResult.PersonNotFound:
            case CampaignMembershipResult.CampaignNotFound:
                return NotFound();
            case CampaignMembershipResult.Added:
                this.Notify("Added to the sales campaign. It is written to Marketo and Salesforce within a few minutes.");
                break;
            case CampaignMembershipResult.CampaignMissing:
                this.NotifyError("Nobody was added: choose a sales campaign.");
                break;
            case CampaignMembershipResult.CampaignArchived:
                this.NotifyError("Nobody was added: this campaign is archived. Choose an active campaign, or ask an admin to restore it.");
                break;
            case CampaignMembershipResult.AlreadyMember:
                this.NotifyInfo("This person is already in that sales campaign.");
                break;
        }

        return RedirectToPage(new { marketoId });
    }

    public async Task<IActionResult> OnPostRemoveFromCampaignAsync(long marketoId, string? campaignId, CancellationToken ct)
    {
        switch (await campaigns.RemoveAsync(marketoId, campaignId, User.MemberId()!.Value, ct))
        {
            case CampaignMembershipResult.PersonNotFound:
            case CampaignMembershipResult.CampaignNotFound:
                return NotFound();
            case CampaignMembershipResult.Removed:
                this.Notify("Removed from the sales campaign. It is written to Marketo and Salesforce within a few minutes.");
                break;
            case CampaignMembershipResult.NotMember:
                this.NotifyInfo("This person is not in that sales campaign (any more).");
                break;
        }

        return RedirectToPage(new { marketoId });
    }
}
