using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Web;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users.Invitations;

[Authorize(Policy = Policies.AccountAdmin)]
public sealed class InviteModel(InvitationService invitations, MemberDirectory directory, AppDbContext db) : PageModel
{
    private static readonly char[] Separators = [',', ';', ' ', '\t', '\r', '\n'];

    [BindProperty]
    public string? Emails { get; set; }

    [BindProperty]
    public string? Team { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    public SeatUsage Seats { get; private set; } = new(0, 0);
    public IReadOnlyList<string> Teams { get; private set; } = [];
    /// <summary>The last invite's per-address verdicts, kept across the redirect (more than one line, so not a notice).</summary>
    [TempData]
    public string? ResultJson { get; set; }

    /// <summary>Addresses that were not invited, put back in the box so the admin can fix them.</summary>
    [TempData]
    public string? LeftOver { get; set; }

    /// <summary>Team and role stay chosen for the next batch.</summary>
    [TempData]
    public string? LastTeam { get; set; }

    [TempData]
    public string? LastRole { get; set; }

    public InviteSummary? Result { get; private set; }
    public string? ErrorKey { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = ResultJson is null ? null : JsonSerializer.Deserialize<InviteSummary>(ResultJson);
        Emails ??= LeftOver;
        Team ??= LastTeam;
        Role ??= LastRole;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var addresses = (Emails ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0)
        {
            ErrorKey = "Type at least one email address.";
        }
        else if (addresses.Length > 100)
        {
            ErrorKey = "Invite at most 100 people at a time here; use Invite via CSV for more.";
        }
        else
        {
            var requests = addresses.Select((email, i) => new InviteRequest(i + 1, email, TeamName: Team, Role: Role)).ToList();
            var result = await invitations.InviteAsync(requests, InvitationLinks.For(Request), User.MemberId(), ct);
            ResultJson = JsonSerializer.Serialize(new InviteSummary(result.InvitedCount, result.SkippedCount,
                [.. result.Verdicts.Select(v => new InviteLine(v.Request.Email, v.WillInvite, v.MessageKey))]));
            (LastTeam, LastRole) = (Team, Role);
            LeftOver = result.InvitedCount > 0
                ? string.Join(", ", result.Verdicts.Where(v => !v.WillInvite).Select(v => v.Request.Email))
                : Emails;
            if (result.InvitedCount > 0)
            {
                this.Notify("Invited {0}, skipped {1}", result.InvitedCount, result.SkippedCount);
            }
            else
            {
                this.NotifyError("Invited {0}, skipped {1}", result.InvitedCount, result.SkippedCount);
            }

            return RedirectToPage();
        }

        // Nothing was written: the form comes back with the reason.
        await LoadAsync(ct);
        return Page();
    }

    public sealed record InviteLine(string Email, bool Invited, string MessageKey);

    public sealed record InviteSummary(int InvitedCount, int SkippedCount, IReadOnlyList<InviteLine> Lines);

    private async Task LoadAsync(CancellationToken ct)
    {
        Seats = await directory.SeatsAsync(ct);
        Teams = await db.Teams.Where(t => !t.IsEveryone).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
    }
}
