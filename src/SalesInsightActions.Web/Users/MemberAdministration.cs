using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.Invitations;
using SalesInsightActions.Web.Users.Teams;

namespace SalesInsightActions.Web.Users;

/// <summary>Why an admin action on a member was refused; each maps to a localized sentence.</summary>
public enum MemberChangeRefusal
{
    None,
    NotFound,
    LastAdmin,
    NoSeatsLeft,
    OriginalUserAfterSyncStarted,
    HandOverTargetInvalid,
    HandOverRequired,
    NotInvited,
    TeamLimitReached,
    TeamNameTaken,
    TeamNameInvalid,
    EveryoneTeamIsFixed,
    MarketoOwnerStaysAdmin,
    OriginalUserDeactivateAfterSyncStarted,
    RoleRequired,
    TeamTextHasHiddenCharacters,
}

public static class MemberChangeRefusalText
{
    public static string MessageKey(this MemberChangeRefusal refusal) => refusal switch
    {
        MemberChangeRefusal.None => "Done.",
        MemberChangeRefusal.NotFound => "That member no longer exists. Refresh the list.",
        MemberChangeRefusal.LastAdmin => "This is the last active admin. Make another member an admin first.",
        MemberChangeRefusal.NoSeatsLeft => "No seats left: all 100 seats are taken. Deactivate a member to free a seat.",
        MemberChangeRefusal.OriginalUserAfterSyncStarted => "The original user cannot be deleted once the data sync has started.",
        MemberChangeRefusal.HandOverTargetInvalid => "Hand over to an active admin other than this member.",
        MemberChangeRefusal.HandOverRequired => "This member owns the Marketo connection. Choose an active admin to hand it over to.",
        MemberChangeRefusal.NotInvited => "Only pending invitations can be resent or revoked.",
        MemberChangeRefusal.TeamLimitReached => "An account can have at most 20 teams.",
        MemberChangeRefusal.TeamNameTaken => "A team with this name already exists.",
        MemberChangeRefusal.TeamNameInvalid => "Give the team a name of at most 100 characters.",
        MemberChangeRefusal.EveryoneTeamIsFixed => "Everyone is always in the Everyone team.",
        MemberChangeRefusal.MarketoOwnerStaysAdmin => "This member owns the Marketo connection, which only an admin can hold. Ask them to disconnect Marketo first, or deactivate them and hand it over.",
        MemberChangeRefusal.OriginalUserDeactivateAfterSyncStarted => "The original user cannot be deactivated once the data sync has started: the sync runs on their behalf.",
        MemberChangeRefusal.RoleRequired => "Choose a role: admin or standard user. Nothing was changed.",
        MemberChangeRefusal.TeamTextHasHiddenCharacters => "Team names and descriptions cannot contain invisible or control characters (such as a right-to-left override or a zero-width space).",
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };
}

public sealed record MemberChoice(Guid Id, string Email);

/// <summary>A member about to be revoked, deactivated or deleted: what they own and the admins who can take it over.</summary>
public sealed record MemberRemovalPlan(
    Guid Id, string Email, MemberStatus Status, bool IsOriginalUser, bool HasSignIn, bool OwnsMarketoConnection, IReadOnlyList<MemberChoice> Heirs, bool ProtectedBySync);

/// <summary>
/// Admin actions on members and teams, each checking the account's rules: seats, the last admin,
/// the original user once sync has started, the team limit and the Everyone team.
/// </summary>
public sealed class MemberAdministration(AppDbContext db, TimeProvider clock, ILogger<MemberAdministration> logger, AuditTrail audit)
{
    /// <summary>
    /// Changes a member's role. A missing or unknown role (a tampered form: 5, -1, nothing) is refused rather than read as
    /// the default, which would quietly demote an admin.
    /// </summary>
    public async Task<MemberChangeRefusal> SetRoleAsync(Guid memberId, MemberRole? newRole, CancellationToken ct = default)
    {
        if (newRole is not { } role || !Enum.IsDefined(role))
        {
            return MemberChangeRefusal.RoleRequired;
        }

        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return MemberChangeRefusal.NotFound;
        }

        if (member.Role == MemberRole.Admin && role != MemberRole.Admin && await IsLastActiveAdminAsync(member, ct))
        {
            return MemberChangeRefusal.LastAdmin;
        }

        if (role != MemberRole.Admin && await db.MarketoConnections.AnyAsync(c => c.ConnectedByMemberId == memberId, ct))
        {
            return MemberChangeRefusal.MarketoOwnerStaysAdmin;
        }

        audit.Add(AuditActions.MemberRoleChanged, AuditOutcome.Succeeded, member.Email, $"{member.Role} → {role}");
        member.Role = role;
        await db.SaveChangesAsync(ct);
        return MemberChangeRefusal.None;
    }

    /// <summary>Deactivates a member, first handing what they own (the Marketo connection) to another active admin.</summary>
    public async Task<MemberChangeRefusal> DeactivateAsync(Guid memberId, Guid? handOverToMemberId = null, CancellationToken ct = default)
    {
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return MemberChangeRefusal.NotFound;
        }

        if (member.IsOriginalUser && await db.SyncStates.AnyAsync(s => s.StartedAt != null, ct))
        {
            return MemberChangeRefusal.OriginalUserDeactivateAfterSyncStarted;
        }

        if (await IsLastActiveAdminAsync(member, ct))
        {
            return MemberChangeRefusal.LastAdmin;
        }

        var (handOver, heirEmail) = await HandOverOwnedAsync(memberId, handOverToMemberId, ct);
        if (handOver != MemberChangeRefusal.None)
        {
            return handOver;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.MemberDeactivated, AuditOutcome.Succeeded, member.Email, heirEmail is null ? null : $"Marketo connection handed over to {heirEmail}");
        member.Status = MemberStatus.Deactivated;
        member.DeactivatedAt = now;
        await db.Invitations.Where(i => i.MemberId == memberId && i.AcceptedAt == null && i.RevokedAt == null)
            .ForEachAsync(i => i.RevokedAt = now, ct);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Member {MemberId} deactivated; seat freed", memberId);
        return MemberChangeRefusal.None;
    }

    /// <summary>
    /// Back to active if they had signed in before, otherwise back to invited (an admin then resends). Takes a seat, so it
    /// holds the same seat lock as inviting from the count to the commit.
    /// </summary>
    public async Task<MemberChangeRefusal> ReactivateAsync(Guid memberId, CancellationToken ct = default)
    {
        var accountId = db.CurrentAccountId;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
            await SeatLock.AcquireAsync(db, accountId, ct);
            var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId && m.Status == MemberStatus.Deactivated, ct);
            if (member is null)
            {
                return MemberChangeRefusal.NotFound;
            }

            if (await SeatLock.SeatsTakenAsync(db, ct) >= SalesAccount.SeatLimit)
            {
                return MemberChangeRefusal.NoSeatsLeft;
            }

            member.Status = member.UserId is null ? MemberStatus.Invited : MemberStatus.Active;
            member.DeactivatedAt = null;
            audit.Add(AuditActions.MemberReactivated, AuditOutcome.Succeeded, member.Email);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return MemberChangeRefusal.None;
        });
    }

    /// <summary>Deletes a member, first handing what they own (the Marketo connection) to another active admin.</summary>
    public async Task<MemberChangeRefusal> DeleteAsync(Guid memberId, Guid? handOverToMemberId, CancellationToken ct = default)
    {
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return MemberChangeRefusal.NotFound;
        }

        if (member.IsOriginalUser && await db.SyncStates.AnyAsync(s => s.StartedAt != null, ct))
        {
            return MemberChangeRefusal.OriginalUserAfterSyncStarted;
        }

        if (await IsLastActiveAdminAsync(member, ct))
        {
            return MemberChangeRefusal.LastAdmin;
        }

        var (handOver, heirEmail) = await HandOverOwnedAsync(memberId, handOverToMemberId, ct);
        if (handOver != MemberChangeRefusal.None)
        {
            return handOver;
        }

        audit.Add(AuditActions.MemberDeleted, AuditOutcome.Succeeded, member.Email, heirEmail is null ? null : $"Marketo connection handed over to {heirEmail}");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (member.UserId is { } userId)
        {
            // The sign-in identity goes too, so the email can be invited again (here or elsewhere).
            await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(ct);
        }

        db.Members.Remove(member);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Member {MemberId} deleted; owned items handed to {HandOverMemberId}", memberId, handOverToMemberId);
        return MemberChangeRefusal.None;
    }

    public async Task<MemberChangeRefusal> CreateTeamAsync(string? name, string? description, CancellationToken ct = default)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 100 || description?.Length > 500)
        {
            return MemberChangeRefusal.TeamNameInvalid;
        }

        if (!InputText.IsClean(trimmed) || !InputText.IsClean(description))
        {
            return MemberChangeRefusal.TeamTextHasHiddenCharacters;
        }

        await EnsureEveryoneTeamAsync(ct);
        if (await db.Teams.CountAsync(ct) >= Team.MaxTeamsPerAccount)
        {
            return MemberChangeRefusal.TeamLimitReached;
        }

        var normalized = trimmed.ToUpperInvariant();
        if (await db.Teams.AnyAsync(t => t.NormalizedName == normalized, ct))
        {
            return MemberChangeRefusal.TeamNameTaken;
        }

        db.Teams.Add(new Team { Name = trimmed, NormalizedName = normalized, Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return MemberChangeRefusal.None;
    }

    public async Task<MemberChangeRefusal> AddToTeamAsync(Guid teamId, IReadOnlyCollection<Guid> memberIds, CancellationToken ct = default)
    {
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            return MemberChangeRefusal.NotFound;
        }

        var existing = await db.TeamMemberships.Where(tm => tm.TeamId == teamId).Select(tm => tm.MemberId).ToListAsync(ct);
        var valid = await db.Members.Where(m => memberIds.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct);
        db.TeamMemberships.AddRange(valid.Except(existing).Select(id => new TeamMembership { TeamId = teamId, MemberId = id }));
        await db.SaveChangesAsync(ct);
        return MemberChangeRefusal.None;
    }

    public async Task<MemberChangeRefusal> RemoveFromTeamAsync(Guid teamId, IReadOnlyCollection<Guid> memberIds, CancellationToken ct = default)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null)
        {
            return MemberChangeRefusal.NotFound;
        }

        if (team.IsEveryone)
        {
            return MemberChangeRefusal.EveryoneTeamIsFixed;
        }

        db.TeamMemberships.RemoveRange(await db.TeamMemberships.Where(tm => tm.TeamId == teamId && memberIds.Contains(tm.MemberId)).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        return MemberChangeRefusal.None;
    }

    private async Task EnsureEveryoneTeamAsync(CancellationToken ct)
    {
        if (!await db.Teams.AnyAsync(t => t.IsEveryone, ct))
        {
            db.Teams.Add(new Team { Name = Team.EveryoneName, NormalizedName = Team.EveryoneName.ToUpperInvariant(), IsEveryone = true, CreatedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>What removing a member touches, for the confirmation page: what they own and who could take it over.</summary>
    public async Task<MemberRemovalPlan?> PlanRemovalAsync(Guid memberId, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return null;
        }

        var ownsMarketo = await db.MarketoConnections.AnyAsync(c => c.ConnectedByMemberId == memberId, ct);
        var heirs = ownsMarketo
            ? await db.Members.Where(m => m.Id != memberId && m.Status == MemberStatus.Active && m.Role == MemberRole.Admin)
                .OrderBy(m => m.NormalizedEmail).Select(m => new MemberChoice(m.Id, m.Email)).ToListAsync(ct)
            : [];
        var syncStarted = await db.SyncStates.AnyAsync(s => s.StartedAt != null, ct);
        return new MemberRemovalPlan(member.Id, member.Email, member.Status, member.IsOriginalUser, member.UserId is not null, ownsMarketo, heirs,
            member.IsOriginalUser && syncStarted);
    }

    /// <summary>Moves the Marketo connection to <paramref name="handOverToMemberId"/> (staged; saved with the caller's change).</summary>
    private async Task<(MemberChangeRefusal Refusal, string? HeirEmail)> HandOverOwnedAsync(Guid memberId, Guid? handOverToMemberId, CancellationToken ct)
    {
        var ownedConnection = await db.MarketoConnections.FirstOrDefaultAsync(c => c.ConnectedByMemberId == memberId, ct);
        if (ownedConnection is null)
        {
            return (MemberChangeRefusal.None, null);
        }

        if (handOverToMemberId is null)
        {
            return (MemberChangeRefusal.HandOverRequired, null);
        }

        // Only an admin can use (and disconnect) the Marketo settings, so the connection goes to an active admin.
        var heir = await db.Members.FirstOrDefaultAsync(
            m => m.Id == handOverToMemberId && m.Id != memberId && m.Status == MemberStatus.Active && m.Role == MemberRole.Admin, ct);
        if (heir is null)
        {
            return (MemberChangeRefusal.HandOverTargetInvalid, null);
        }

        ownedConnection.ConnectedByMemberId = heir.Id;
        return (MemberChangeRefusal.None, heir.Email);
    }

    private async Task<bool> IsLastActiveAdminAsync(Member member, CancellationToken ct) =>
        member is { Role: MemberRole.Admin, Status: MemberStatus.Active }
        && !await db.Members.AnyAsync(m => m.Id != member.Id && m.Role == MemberRole.Admin && m.Status == MemberStatus.Active, ct);
}
