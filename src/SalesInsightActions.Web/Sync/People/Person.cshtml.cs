using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.People;

[Authorize(Policy = Policies.AccountMember)]
public sealed class PersonModel(PeopleDirectory directory, SalesActivityRecorder recorder) : PageModel
{
    public PersonDetail Detail { get; private set; } = null!;

    /// <summary>Sent back with Log a call, so a form posted twice logs one call.</summary>
    public string CallKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The cursor of the page of activities to show (older than it); the newest when absent.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Older { get; set; }

    public async Task<IActionResult> OnGetAsync(long marketoId, CancellationToken ct)
    {
        if (await directory.DetailAsync(marketoId, ct, Older) is not { } detail)
        {
            return NotFound();
        }

        Detail = detail;
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
}
