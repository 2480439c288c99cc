using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SalesInsightActions.Web.Email;

/// <summary>
/// Sandbox only: the mail the app "sent", so an invited person can open their Get Started link without a real mail
/// server. Anonymous on purpose (the first admin is not a member yet), but each visitor sees only their own mail
/// (<see cref="DevMailboxAccess"/>); not found outside sandbox mode.
/// </summary>
[AllowAnonymous]
public sealed partial class DevMailboxModel(DevMailboxAccess mailbox) : PageModel
{
    public IReadOnlyList<DevMailboxEntry> Messages { get; private set; } = [];
    public OutboxEmail? Selected { get; private set; }
    public IReadOnlyList<string> SelectedLinks { get; private set; } = [];
    public bool SignedIn { get; private set; }
    public bool Provisioning { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (!mailbox.IsAvailable || await mailbox.LoadAsync(HttpContext, id, ct) is not { } view)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        (Messages, Selected, SignedIn, Provisioning) = (view.Messages, view.Selected, view.SignedIn, view.Provisioning);
        SelectedLinks = Selected is null ? [] : LinksIn(Selected.HtmlBody);
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
