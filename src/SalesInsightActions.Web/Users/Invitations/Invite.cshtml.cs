using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
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
    public InviteResult? Result { get; private set; }
    public string? ErrorKey { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

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
            Result = await invitations.InviteAsync(requests, InvitationLinks.For(Request), User.MemberId(), ct);
            if (Result.InvitedCount > 0)
            {
                Emails = string.Join(", ", Result.Verdicts.Where(v => !v.WillInvite).Select(v => v.Request.Email));
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Seats = await directory.SeatsAsync(ct);
        Teams = await db.Teams.Where(t => !t.IsEveryone).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
    }
}
