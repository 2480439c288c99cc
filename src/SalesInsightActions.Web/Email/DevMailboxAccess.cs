using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Sandbox;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Email;

/// <summary>What one visitor of the dev mailbox may read, and that page's list and message.</summary>
public sealed record DevMailboxView(IReadOnlyList<DevMailboxEntry> Messages, OutboxEmail? Selected, bool SignedIn, bool Provisioning);

/// <summary>
/// Issue 10, finding 6: the dev mailbox showed every account's invitation links to anyone. It now exists only in
/// sandbox mode and shows a visitor only the mail they may read:
/// <list type="bullet">
/// <item>a signed-in admin: the mail of their own Sales account; a signed-in standard user: only mail addressed to them
/// within that account;</item>
/// <item>a browser that pressed Send Invite on Actions Config (and so proved it holds the subscription's API
/// credentials): the invitations of that press only, to the admins it ticked, for a short while. That is how the
/// first admin of a new account, not a member yet, opens their Get Started link.</item>
/// </list>
/// Anyone else sees nothing. The "provisioning" grant is a data-protected, time-limited cookie scoped to this page, so
/// it cannot be forged to name another account or other addresses.
/// </summary>
public sealed class DevMailboxAccess(
    AppDbContext db,
    IDataProtectionProvider protection,
    IAuthorizationService authorization,
    IOptions<SandboxOptions> sandbox,
    IOptions<EmailOptions> email,
    OutboxBodies bodies,
    TimeProvider clock)
{
    public const string Path = "/dev/mailbox";
    internal const string CookieName = "sia.dev-mailbox";
    private const int ListSize = 200;

    /// <summary>Long enough to open the mail right after Send Invite; short, because the cookie stands in for a sign-in.</summary>
    internal static readonly TimeSpan ProvisioningLifetime = TimeSpan.FromHours(2);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("SalesInsightActions.DevMailbox.Provisioning").ToTimeLimitedDataProtector();

    /// <summary>Mounted only in sandbox mode with mail delivered to the dev mailbox; otherwise the page is not found.</summary>
    public bool IsAvailable => sandbox.Value.Enabled && email.Value.DevMailbox;

    /// <summary>After Send Invite: lets this browser read the invitations it just sent (and only those).</summary>
    public void RememberProvisioning(HttpContext http, Guid accountId, IReadOnlyCollection<string> invitedAddresses)
    {
        if (!IsAvailable || invitedAddresses.Count == 0)
        {
            return;
        }

        var grant = ReadGrant(http) is { } earlier && earlier.AccountId == accountId
            ? earlier with { Addresses = [.. earlier.Addresses.Union(invitedAddresses.Select(EmailAddress.Key))] }
            : new ProvisioningGrant(accountId, [.. invitedAddresses.Select(EmailAddress.Key).Distinct()]);
        var value = _protector.Protect(JsonSerializer.Serialize(grant), clock.GetUtcNow().Add(ProvisioningLifetime));
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = Path,
            MaxAge = ProvisioningLifetime,
            IsEssential = true,
        });
    }

    /// <summary>The visitor's mail, newest first, and the selected message if the visitor may read it; null when it is not theirs.</summary>
    public async Task<DevMailboxView?> LoadAsync(HttpContext http, Guid? selectedId, CancellationToken ct)
    {
        var visible = await VisibleAsync(http, ct);
        var messages = await visible.Query
            .OrderByDescending(e => e.SentAt)
            .Take(ListSize)
            .Select(e => new DevMailboxEntry(e.Id, e.ToAddress, e.ToName, e.Subject, e.SentAt!.Value))
            .ToListAsync(ct);
        OutboxEmail? selected = null;
        if (selectedId is { } id && (selected = await visible.Query.FirstOrDefaultAsync(e => e.Id == id, ct)) is null)
        {
            return null;
        }

        if (selected is not null)
        {
            selected.HtmlBody = bodies.Open(selected.HtmlBody);
            selected.TextBody = bodies.Open(selected.TextBody);
        }

        return new DevMailboxView(messages, selected, visible.SignedIn, visible.Provisioning);
    }

    private async Task<(IQueryable<OutboxEmail> Query, bool SignedIn, bool Provisioning)> VisibleAsync(HttpContext http, CancellationToken ct)
    {
        // Outbox rows are global (one dispatcher serves every account), so the account is filtered here explicitly.
        var sent = db.OutboxEmails.AsNoTracking().Where(e => e.State == OutboxEmailState.Sent && e.SalesAccountId != null);
        Guid? memberAccount = null;
        string? ownAddress = null;
        var admin = false;
        if (http.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(http.User.FindFirst(AccountClaims.Account)?.Value, out var account)
            && (await authorization.AuthorizeAsync(http.User, Policies.AccountMember)).Succeeded)
        {
            memberAccount = account;
            admin = (await authorization.AuthorizeAsync(http.User, Policies.AccountAdmin)).Succeeded;
            var memberId = http.User.MemberId();
            ownAddress = await db.Members.IgnoreQueryFilters()
                .Where(m => m.Id == memberId && m.SalesAccountId == account)
                .Select(m => m.NormalizedEmail).FirstOrDefaultAsync(ct);
        }

        var grant = ReadGrant(http);
        var grantAccount = grant?.AccountId;
        var grantAddresses = grant?.Addresses ?? [];
        var query = sent.Where(e =>
            (memberAccount != null && e.SalesAccountId == memberAccount && (admin || e.ToAddress.ToUpper() == ownAddress))
            || (grantAccount != null && e.SalesAccountId == grantAccount && grantAddresses.Contains(e.ToAddress.ToUpper())));
        return (query, memberAccount is not null, grant is not null);
    }

    private ProvisioningGrant? ReadGrant(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var json = _protector.Unprotect(value, out var expiresAt);
            return expiresAt > clock.GetUtcNow() ? JsonSerializer.Deserialize<ProvisioningGrant>(json) : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    private sealed record ProvisioningGrant(Guid AccountId, string[] Addresses);
}
