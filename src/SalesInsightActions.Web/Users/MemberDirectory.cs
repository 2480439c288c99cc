using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Users;

public enum MemberListFilter
{
    All,
    Active,
    Invited,
    Deactivated,
}

/// <summary>What the members list shows for a person: invited members split into pending and expired.</summary>
public enum MemberDisplayStatus
{
    Active,
    InvitationPending,
    InvitationExpired,
    Deactivated,
}

/// <param name="InvitationMayNotHaveArrived">The latest invitation email could not be confirmed delivered (a crash mid-send, or it failed for good): the admin should resend.</param>
public sealed record MemberRow(Guid Id, string Email, string? FirstName, string? LastName, MemberRole Role, MemberDisplayStatus Status, bool IsOriginalUser, IReadOnlyList<string> Teams, DateTime InvitedAt, DateTime? ActivatedAt, bool InvitationMayNotHaveArrived = false, string? SortKey = null);

/// <summary>One page of the members list and the key to continue after it (null on the last page).</summary>
public sealed record MemberPage(IReadOnlyList<MemberRow> Members, string? NextAfter);

public sealed record SeatUsage(int Used, int Limit)
{
    public int Left => Math.Max(0, Limit - Used);
}

/// <summary>Read side of User Management: the members list, seats and export.</summary>
public sealed class MemberDirectory(AppDbContext db, TimeProvider clock)
{
    public async Task<SeatUsage> SeatsAsync(CancellationToken ct = default) =>
        new(await db.Members.CountAsync(m => m.Status != MemberStatus.Deactivated, ct), SalesAccount.SeatLimit);

    /// <summary>Members on one page of the list: an account that has had many members over the years stays quick to open and light.</summary>
    public const int PageSize = 50;

    /// <summary>
    /// One page of the list in email order, starting after the (normalized) email <paramref name="after"/>: keyset
    /// pagination, so every page costs the same, and the same few queries whatever the page.
    /// </summary>
    public async Task<MemberPage> PageAsync(MemberListFilter filter, string? search, string? after, CancellationToken ct = default)
    {
        var rows = await ListAsync(filter, search, ct, after, PageSize + 1);
        return new MemberPage([.. rows.Take(PageSize)], rows.Count > PageSize ? rows[PageSize - 1].SortKey : null);
    }

    public Task<IReadOnlyList<MemberRow>> ListAsync(MemberListFilter filter = MemberListFilter.All, string? search = null, CancellationToken ct = default) =>
        ListAsync(filter, search, ct, after: null, take: null);

    private async Task<IReadOnlyList<MemberRow>> ListAsync(MemberListFilter filter, string? search, CancellationToken ct, string? after, int? take)
    {
        var query = db.Members.AsQueryable();
        if (!string.IsNullOrEmpty(after))
        {
            query = query.Where(m => string.Compare(m.NormalizedEmail, after) > 0);
        }

        query = filter switch
        {
            MemberListFilter.Active => query.Where(m => m.Status == MemberStatus.Active),
            MemberListFilter.Invited => query.Where(m => m.Status == MemberStatus.Invited),
            MemberListFilter.Deactivated => query.Where(m => m.Status == MemberStatus.Deactivated),
            _ => query,
        };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(m => m.NormalizedEmail.Contains(term)
                                     || (m.FirstName != null && m.FirstName.ToUpper().Contains(term))
                                     || (m.LastName != null && m.LastName.ToUpper().Contains(term)));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ordered = query.OrderBy(m => m.NormalizedEmail);
        // Projected rather than tracked entities: a page of members costs no change tracking and no entity constructors.
        var members = await (take is { } n ? ordered.Take(n) : ordered)
            .Select(m => new
            {
                Member = new MemberFields(m.Id, m.Email, m.NormalizedEmail, m.FirstName, m.LastName, m.Role, m.Status, m.IsOriginalUser, m.InvitedAt, m.ActivatedAt, m.SalesAccountId),
                LatestInvitationExpiry = db.Invitations.Where(i => i.MemberId == m.Id && i.RevokedAt == null).Max(i => (DateTime?)i.ExpiresAt),
            })
            .ToListAsync(ct);
        var ids = members.Select(m => m.Member.Id).ToList();
        var teams = (await db.TeamMemberships.Where(tm => ids.Contains(tm.MemberId))
                .Join(db.Teams, tm => tm.TeamId, t => t.Id, (tm, t) => new { tm.MemberId, t.Name, t.IsEveryone })
                .ToListAsync(ct))
            .GroupBy(x => x.MemberId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.OrderByDescending(x => x.IsEveryone).ThenBy(x => x.Name).Select(x => x.Name)]);

        var undelivered = await UndeliveredInvitationsAsync(members.Where(x => x.Member.Status == MemberStatus.Invited).Select(x => x.Member).ToList(), ct);

        return [.. members.Select(x => new MemberRow(
            x.Member.Id, x.Member.Email, x.Member.FirstName, x.Member.LastName, x.Member.Role,
            x.Member.Status switch
            {
                MemberStatus.Active => MemberDisplayStatus.Active,
                MemberStatus.Deactivated => MemberDisplayStatus.Deactivated,
                _ => x.LatestInvitationExpiry is { } expiry && expiry > now ? MemberDisplayStatus.InvitationPending : MemberDisplayStatus.InvitationExpired,
            },
            x.Member.IsOriginalUser, teams.GetValueOrDefault(x.Member.Id, []), x.Member.InvitedAt, x.Member.ActivatedAt,
            undelivered.Contains(x.Member.NormalizedEmail), x.Member.NormalizedEmail))];
    }

    /// <summary>Invited members whose most recent invitation email ended DeliveryUncertain or Failed.</summary>
    private sealed record MemberFields(
        Guid Id, string Email, string NormalizedEmail, string? FirstName, string? LastName, MemberRole Role, MemberStatus Status, bool IsOriginalUser,
        DateTime InvitedAt, DateTime? ActivatedAt, Guid SalesAccountId);

    private async Task<HashSet<string>> UndeliveredInvitationsAsync(List<MemberFields> invited, CancellationToken ct)
    {
        if (invited.Count == 0)
        {
            return [];
        }

        // The outbox is global (one dispatcher serves every account), so it is filtered by account here.
        var accountId = invited[0].SalesAccountId;
        var addresses = invited.Select(m => m.Email).ToList();
        var emails = await db.OutboxEmails
            .Where(e => e.SalesAccountId == accountId && addresses.Contains(e.ToAddress))
            .Select(e => new { e.ToAddress, e.State, e.CreatedAt })
            .ToListAsync(ct);
        return [.. emails
            .GroupBy(e => e.ToAddress.ToUpperInvariant())
            .Where(g => g.MaxBy(e => e.CreatedAt)!.State is Email.OutboxEmailState.DeliveryUncertain or Email.OutboxEmailState.Failed)
            .Select(g => g.Key)];
    }
}

/// <summary>English resource keys for member statuses and roles, shared by the members page and the CSV export.</summary>
public static class MemberTextKeys
{
    public static string Key(this MemberDisplayStatus status) => status switch
    {
        MemberDisplayStatus.Active => "Active",
        MemberDisplayStatus.InvitationPending => "Invited (pending)",
        MemberDisplayStatus.InvitationExpired => "Invited (expired)",
        _ => "Deactivated",
    };

    public static string Key(this MemberRole role) => role == MemberRole.Admin ? "Admin" : "Standard user";
}
