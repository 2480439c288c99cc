using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Email;

/// <summary>
/// Sandbox only: the mail the app "sent", so an invited person can open their Get Started link
/// without a real mail server. Anonymous on purpose (invitees are not signed in yet); 404 unless
/// Email:DevMailbox is on.
/// </summary>
[AllowAnonymous]
public sealed partial class DevMailboxModel(AppDbContext db, IOptions<EmailOptions> options) : PageModel
{
    private const int ListSize = 200;

    public IReadOnlyList<DevMailboxEntry> Messages { get; private set; } = [];
    public OutboxEmail? Selected { get; private set; }
    public IReadOnlyList<string> SelectedLinks { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (!options.Value.DevMailbox)
        {
            return NotFound();
        }

        // Outbox rows are not account-owned: the dev mailbox shows every account's mail, as a shared inbox would.
        Messages = await db.OutboxEmails.AsNoTracking()
            .Where(e => e.State == OutboxEmailState.Sent)
            .OrderByDescending(e => e.SentAt)
            .Take(ListSize)
            .Select(e => new DevMailboxEntry(e.Id, e.ToAddress, e.ToName, e.Subject, e.SentAt!.Value))
            .ToListAsync(ct);

        if (id is { } selectedId)
        {
            Selected = await db.OutboxEmails.AsNoTracking().FirstOrDefaultAsync(e => e.Id == selectedId && e.State == OutboxEmailState.Sent, ct);
            if (Selected is null)
            {
                return NotFound();
            }

            SelectedLinks = LinksIn(Selected.HtmlBody);
        }

        return Page();
    }

    /// <summary>The http(s) links of a message, shown as plain anchors because the sandboxed preview cannot navigate.</summary>
    internal static IReadOnlyList<string> LinksIn(string html) =>
        [.. Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value))
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            .Distinct()];

    [GeneratedRegex("href=\"(?<url>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}

public sealed record DevMailboxEntry(Guid Id, string ToAddress, string? ToName, string Subject, DateTime SentAt);
