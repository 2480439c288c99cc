using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Users.Teams;

namespace SalesInsightActions.Web.Users.Invitations;

/// <summary>
/// Invites people to the current Sales account — from the invite box or a CSV — with every rule
/// checked for every row before anything is written or sent: address shape, duplicates, existing
/// members here and in other accounts, seats, roles and the team limit.
/// </summary>
public sealed class InvitationService(
    AppDbContext db,
    AccountScope scope,
    InvitationEmailComposer emailComposer,
    Email.OutboxBodies outboxBodies,
    TimeProvider clock,
    IOptions<InvitationOptions> options,
    ILogger<InvitationService> logger,
    AuditTrail audit)
{
    public async Task<InvitePlan> PlanAsync(IReadOnlyList<InviteRequest> requests, CancellationToken ct = default)
    {
        var accountId = RequireAccount();
        var keys = requests.Select(r => EmailAddress.Normalize(r.Email)).OfType<string>().Select(EmailAddress.Key).Distinct().ToList();

        var membersHere = (await db.Members.Where(m => keys.Contains(m.NormalizedEmail)).Select(m => m.NormalizedEmail).ToListAsync(ct)).ToHashSet();
        // An email address belongs to one Sales account only: look across accounts, on purpose.
        var membersElsewhere = (await db.Members.IgnoreQueryFilters()
            .Where(m => m.SalesAccountId != accountId && keys.Contains(m.NormalizedEmail))
            .Select(m => m.NormalizedEmail).ToListAsync(ct)).ToHashSet();
        var seatsUsed = await SeatLock.SeatsTakenAsync(db, ct);
        var teams = await db.Teams.Select(t => new { t.NormalizedName, t.Name }).ToListAsync(ct);
        var existingTeams = teams.ToDictionary(t => t.NormalizedName, t => t.Name);
        var teamCount = Math.Max(existingTeams.Count, 1); // the Everyone team always exists or will

        var seatsLeft = Math.Max(0, Accounts.SalesAccount.SeatLimit - seatsUsed);
        var seatsLeftBefore = seatsLeft;
        var seen = new HashSet<string>();
        var newTeams = new Dictionary<string, string>();
        var verdicts = new List<InviteVerdict>(requests.Count);

        foreach (var request in requests)
        {
            var email = EmailAddress.Normalize(request.Email);
            var key = email is null ? "" : EmailAddress.Key(email);
            var role = ParseRole(request.Role);
            var teamName = string.IsNullOrWhiteSpace(request.TeamName) ? null : request.TeamName.Trim();
            var teamKey = teamName?.ToUpperInvariant();
            var isEveryone = teamKey == Team.EveryoneName.ToUpperInvariant();

            var reason = InviteSkipReason.None;
            if (email is null)
            {
                reason = EmailAddress.Check(request.Email) switch
                {
                    EmailProblem.HiddenCharacters => InviteSkipReason.EmailHasHiddenCharacters,
                    EmailProblem.LocalPartTooLong => InviteSkipReason.EmailLocalPartTooLong,
                    _ => InviteSkipReason.MalformedEmail,
                };
            }
            else if (!InputText.IsClean(request.FirstName) || !InputText.IsClean(request.LastName) || !InputText.IsClean(request.TeamName) || !InputText.IsClean(request.Role))
            {
                // Checked here, where every way of inviting meets, so a CSV dry run and its commit agree on both databases.
                reason = InviteSkipReason.FieldsHaveHiddenCharacters;
            }
            else if (request.FirstName?.Trim().Length > MaxNameLength || request.LastName?.Trim().Length > MaxNameLength)
            {
                reason = InviteSkipReason.NameTooLong;
            }
            else if (!seen.Add(key))
            {
                reason = InviteSkipReason.DuplicateInThisBatch;
            }
            else if (membersHere.Contains(key))
            {
                reason = InviteSkipReason.AlreadyMemberOfThisAccount;
            }
            else if (membersElsewhere.Contains(key))
            {
                reason = InviteSkipReason.CannotBeInvited;
            }
            else if (role is null)
            {
                reason = InviteSkipReason.UnknownRole;
            }
            else if (teamName is { Length: > 100 })
            {
                reason = InviteSkipReason.TeamNameTooLong;
            }
            else if (teamKey is not null && !isEveryone && !existingTeams.ContainsKey(teamKey) && !newTeams.ContainsKey(teamKey)
                     && teamCount + newTeams.Count >= Team.MaxTeamsPerAccount)
            {
                reason = InviteSkipReason.TeamLimitReached;
            }
            else if (seatsLeft == 0)
            {
                reason = InviteSkipReason.NoSeatsLeft;
            }

            string? resolvedTeam = null;
            if (reason == InviteSkipReason.None)
            {
                seatsLeft--;
                if (teamKey is not null && !isEveryone)
                {
                    if (existingTeams.TryGetValue(teamKey, out var existingName))
                    {
                        resolvedTeam = existingName;
                    }
                    else
                    {
                        resolvedTeam = newTeams.TryAdd(teamKey, teamName!) ? teamName : newTeams[teamKey];
                    }
                }
            }

            verdicts.Add(new InviteVerdict(request, reason == InviteSkipReason.None ? InviteOutcome.WillInvite : InviteOutcome.Skipped,
                reason, key, resolvedTeam, role ?? MemberRole.StandardUser));
        }

        return new InvitePlan(verdicts, seatsLeftBefore, [.. newTeams.Values]);
    }

    /// <summary>
    /// Plans, then writes members, team places, invitations and their emails in one transaction:
    /// either every planned invite is recorded (and its email queued) or none is.
    /// With <paramref name="firstInviteeIsOriginalUser"/> (Actions Config), the first person ever invited to the
    /// account becomes its original user.
    /// </summary>
    public async Task<InviteResult> InviteAsync(IReadOnlyList<InviteRequest> requests, Func<string, Uri> linkForToken, Guid? invitedByMemberId = null, CancellationToken ct = default, bool firstInviteeIsOriginalUser = false) =>
        (await InviteCoreAsync(requests, linkForToken, invitedByMemberId, firstInviteeIsOriginalUser, null, null, ct))!;

    /// <summary>
    /// <see cref="InviteAsync"/> for work that must happen exactly once and be recorded with it (a CSV import):
    /// <paramref name="claim"/> runs first inside the invite's transaction and <paramref name="record"/> just before its
    /// commit, so a crash at any instant leaves either everything (the people invited and the claim recorded) or nothing.
    /// Null when <paramref name="claim"/> answers false (another request already did it): nothing is written.
    /// </summary>
    public Task<InviteResult?> InviteOnceAsync(
        IReadOnlyList<InviteRequest> requests, Func<string, Uri> linkForToken, Guid? invitedByMemberId,
        Func<DateTime, CancellationToken, Task<bool>> claim, Func<InviteResult, CancellationToken, Task> record, CancellationToken ct = default) =>
        InviteCoreAsync(requests, linkForToken, invitedByMemberId, false, claim, record, ct);

    private async Task<InviteResult?> InviteCoreAsync(
        IReadOnlyList<InviteRequest> requests, Func<string, Uri> linkForToken, Guid? invitedByMemberId, bool firstInviteeIsOriginalUser,
        Func<DateTime, CancellationToken, Task<bool>>? claim, Func<InviteResult, CancellationToken, Task>? record, CancellationToken ct)
    {
        var accountId = RequireAccount();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
            var account = await SeatLock.AcquireAsync(db, accountId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            if (claim is not null && !await claim(now, ct))
            {
                return null;
            }

            var plan = await PlanAsync(requests, ct);
            if (plan.InviteCount == 0 && claim is null)
            {
                // Nobody to invite: nothing is written, not even the Everyone team.
                return new InviteResult(plan.Verdicts, 0, plan.SkipCount);
            }

            var expiresAt = now + options.Value.Lifetime;

            var everyone = await EnsureEveryoneTeamAsync(now, ct);
            var teamIds = await db.Teams.ToDictionaryAsync(t => t.NormalizedName, t => t.Id, ct);
            foreach (var name in plan.TeamsToCreate)
            {
                var team = new Team { Name = name, NormalizedName = name.ToUpperInvariant(), CreatedAt = now };
                db.Teams.Add(team);
                teamIds[team.NormalizedName] = team.Id;
            }

            var inviterName = invitedByMemberId is { } inviterId
                ? await db.Members.Where(m => m.Id == inviterId).Select(m => (m.FirstName + " " + m.LastName).Trim() == "" ? m.Email : (m.FirstName + " " + m.LastName).Trim()).FirstOrDefaultAsync(ct)
                : null;

            var needsOriginalUser = firstInviteeIsOriginalUser && !await db.Members.AnyAsync(m => m.IsOriginalUser, ct);
            foreach (var verdict in plan.Verdicts.Where(v => v.WillInvite))
            {
                var email = EmailAddress.Normalize(verdict.Request.Email)!;
                var member = new Member
                {
                    Email = email,
                    NormalizedEmail = verdict.NormalizedEmail,
                    FirstName = Trimmed(verdict.Request.FirstName),
                    LastName = Trimmed(verdict.Request.LastName),
                    Role = verdict.Role,
                    Status = MemberStatus.Invited,
                    InvitedAt = now,
                    IsOriginalUser = needsOriginalUser,
                };
                needsOriginalUser = false;
                db.Members.Add(member);
                db.TeamMemberships.Add(new TeamMembership { TeamId = everyone.Id, MemberId = member.Id });
                if (verdict.Team is not null)
                {
                    db.TeamMemberships.Add(new TeamMembership { TeamId = teamIds[verdict.Team.ToUpperInvariant()], MemberId = member.Id });
                }

                QueueInvitation(member, account.Name, inviterName, invitedByMemberId, linkForToken, now, expiresAt);
            }

            if (plan.InviteCount > 0)
            {
                var invited = plan.Verdicts.Where(v => v.WillInvite).Select(v => EmailAddress.Normalize(v.Request.Email)).ToList();
                audit.Add(AuditActions.MembersInvited, AuditOutcome.Succeeded, string.Join(", ", invited),
                    $"{plan.InviteCount} invited, {plan.SkipCount} skipped", invitedByMemberId);
            }

            await db.SaveChangesAsync(ct);
            var result = new InviteResult(plan.Verdicts, plan.InviteCount, plan.SkipCount);
            if (record is not null)
            {
                await record(result, ct);
            }

            await transaction.CommitAsync(ct);
            logger.LogInformation("Invited {InvitedCount} people to Sales account {SalesAccountId}; skipped {SkippedCount}", plan.InviteCount, accountId, plan.SkipCount);
            return result;
        });
    }

    /// <summary>Sends a fresh link to an invited member; earlier links stop working.</summary>
    public async Task<bool> ResendAsync(Guid memberId, Func<string, Uri> linkForToken, Guid? invitedByMemberId = null, CancellationToken ct = default)
    {
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId && m.Status == MemberStatus.Invited, ct);
        if (member is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await RevokeOpenInvitationsAsync(memberId, now, ct);
        var accountName = await db.SalesAccounts.Where(a => a.Id == member.SalesAccountId).Select(a => a.Name).FirstAsync(ct);
        QueueInvitation(member, accountName, null, invitedByMemberId, linkForToken, now, now + options.Value.Lifetime);
        audit.Add(AuditActions.InvitationResent, AuditOutcome.Succeeded, member.Email, actorMemberId: invitedByMemberId);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Revokes an invited member's links and removes the invitation, freeing the seat.</summary>
    public async Task<bool> RevokeAsync(Guid memberId, CancellationToken ct = default)
    {
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId && m.Status == MemberStatus.Invited, ct);
        if (member is null)
        {
            return false;
        }

        await RevokeOpenInvitationsAsync(memberId, clock.GetUtcNow().UtcDateTime, ct);
        member.Status = MemberStatus.Deactivated;
        member.DeactivatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditActions.InvitationRevoked, AuditOutcome.Succeeded, member.Email);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task RevokeOpenInvitationsAsync(Guid memberId, DateTime now, CancellationToken ct)
    {
        var open = await db.Invitations.Where(i => i.MemberId == memberId && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(ct);
        open.ForEach(i => i.RevokedAt = now);
    }

    private void QueueInvitation(Member member, string accountName, string? inviterName, Guid? invitedByMemberId, Func<string, Uri> linkForToken, DateTime now, DateTime expiresAt)
    {
        var token = InvitationToken.New();
        db.Invitations.Add(new Invitation
        {
            MemberId = member.Id,
            TokenHash = InvitationToken.Hash(token),
            InvitedByMemberId = invitedByMemberId,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        });
        var toName = $"{member.FirstName} {member.LastName}".Trim();
        db.OutboxEmails.Add(outboxBodies.Seal(emailComposer.Compose(new InvitationEmailModel(
            member.SalesAccountId == Guid.Empty ? RequireAccount() : member.SalesAccountId,
            member.Email, toName.Length == 0 ? null : toName, accountName, inviterName, linkForToken(token), expiresAt))));
    }

    private async Task<Team> EnsureEveryoneTeamAsync(DateTime now, CancellationToken ct)
    {
        var everyone = await db.Teams.FirstOrDefaultAsync(t => t.IsEveryone, ct);
        if (everyone is null)
        {
            everyone = new Team { Name = Team.EveryoneName, NormalizedName = Team.EveryoneName.ToUpperInvariant(), IsEveryone = true, CreatedAt = now };
            db.Teams.Add(everyone);
        }

        return everyone;
    }

    private Guid RequireAccount() =>
        scope.AccountId ?? throw new AccountIsolationException("Inviting people needs a Sales account in scope.");

    internal static MemberRole? ParseRole(string? role) =>
        (role ?? "").Trim().ToUpperInvariant().Replace("_", " ", StringComparison.Ordinal).Replace("-", " ", StringComparison.Ordinal) switch
        {
            "" or "STANDARD" or "STANDARD USER" or "STANDARDUSER" or "USER" or "标准用户" or "用户" => MemberRole.StandardUser,
            "ADMIN" or "ADMINISTRATOR" or "管理员" => MemberRole.Admin,
            _ => null,
        };

    private const int MaxNameLength = 100;

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
