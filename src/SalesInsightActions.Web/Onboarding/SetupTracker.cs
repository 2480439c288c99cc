using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Web.Onboarding;

public enum SetupStepStatus
{
    NotStarted,
    InProgress,
    Done,

    /// <summary>A prerequisite step is not done yet; <see cref="SetupStep.WaitingForStep"/> says which.</summary>
    Waiting,
}

public enum SetupActor
{
    MarketoAdmin,
    MarketoOrSalesforceAdmin,
    SalesforceAdmin,
}

/// <summary>
/// One of the seven onboarding steps; Title/Actor map to localized strings in the page. <paramref name="Href"/> is the
/// page where the step is done; <paramref name="By"/>/<paramref name="At"/> who did (or last worked on) it and when.
/// </summary>
public sealed record SetupStep(
    int Number, string TitleKey, SetupActor Actor, SetupStepStatus Status, string? DetailKey = null,
    string Href = "/", string? By = null, DateTime? At = null, int? WaitingForStep = null);

/// <summary>
/// Derives each onboarding step's status from what is stored (members, connections, sync, package checks),
/// never from a stored checkbox, so the tracker cannot disagree with reality. Steps are done in order: a step whose
/// prerequisites are not all done shows "Waiting for step N" whatever its own rows say.
/// </summary>
public sealed class SetupTracker(AppDbContext db)
{
    public static readonly IReadOnlyDictionary<int, string> Routes = new Dictionary<int, string>
    {
        [1] = "/admin/sales-insight/actions-config",
        [2] = "/settings/salesforce",
        [3] = "/settings/marketo",
        [4] = "/admin/sales-insight/actions-config/field-sync",
        [5] = "/users",
        [6] = "/settings/salesforce/package",
        [7] = "/settings/salesforce/package",
    };

    /// <summary>The steps each step needs done first (the guide's order: 4 needs both connections, the package comes last).</summary>
    public static readonly IReadOnlyDictionary<int, int[]> Prerequisites = new Dictionary<int, int[]>
    {
        [1] = [],
        [2] = [1],
        [3] = [1],
        [4] = [2, 3],
        [5] = [4],
        [6] = [5],
        [7] = [6],
    };

    public async Task<IReadOnlyList<SetupStep>> GetStepsAsync(CancellationToken cancellationToken = default)
    {
        var originalUser = await db.Members.Where(m => m.IsOriginalUser)
            .Select(m => new { m.Status, m.Email, m.InvitedAt, m.ActivatedAt }).FirstOrDefaultAsync(cancellationToken);
        // The account connection belongs to no member (a hand-off connects as a Salesforce admin who is not one), so
        // who connected is the email recorded on it.
        var salesforce = await db.SalesforceConnections.Where(c => c.IsAccountConnection)
            .Select(c => new { c.ConnectedAt, Email = c.ConnectedByEmail })
            .FirstOrDefaultAsync(cancellationToken);
        var marketo = await db.MarketoConnections
            .Select(c => new { c.ConnectedAt, By = db.Members.Where(m => m.Id == c.ConnectedByMemberId).Select(m => m.Email).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        var sync = await db.SyncStates
            .Select(s => new { s.StartedAt, s.InitialSyncCompletedAt, By = db.Members.Where(m => m.Id == s.StartedByMemberId).Select(m => m.Email).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        var otherMembers = await db.Members.Where(m => !m.IsOriginalUser)
            .GroupBy(m => m.Status == MemberStatus.Active)
            .Select(g => new { Active = g.Key, Count = g.Count(), LastInvitedAt = g.Max(m => m.InvitedAt) })
            .ToListAsync(cancellationToken);
        var lastInvite = await LatestAuditAsync(AuditActions.MembersInvited, cancellationToken);
        var latestPackageCheck = await db.CurrentPackageChecks().OrderByDescending(c => c.CheckedAt)
            .Select(c => new { c.PackageInstalled, c.Configured, c.CheckedAt, c.CheckedBy }).FirstOrDefaultAsync(cancellationToken);

        var accountSetup = originalUser switch
        {
            null => SetupStepStatus.NotStarted,
            { Status: MemberStatus.Active } => SetupStepStatus.Done,
            _ => SetupStepStatus.InProgress,
        };
        var syncStatus = sync?.StartedAt is null ? SetupStepStatus.NotStarted
            : sync.InitialSyncCompletedAt is null ? SetupStepStatus.InProgress
            : SetupStepStatus.Done;
        var invites = otherMembers.Any(g => g.Active) ? SetupStepStatus.Done
            : otherMembers.Count > 0 ? SetupStepStatus.InProgress
            : SetupStepStatus.NotStarted;
        var packageInstalled = latestPackageCheck?.PackageInstalled == true ? SetupStepStatus.Done
            : latestPackageCheck is not null ? SetupStepStatus.InProgress
            : SetupStepStatus.NotStarted;
        var packageConfigured = latestPackageCheck?.Configured == true ? SetupStepStatus.Done
            : latestPackageCheck?.PackageInstalled == true ? SetupStepStatus.InProgress
            : SetupStepStatus.NotStarted;

        SetupStep[] steps =
        [
            new(1, "Set up the Sales account", SetupActor.MarketoAdmin, accountSetup,
                accountSetup == SetupStepStatus.InProgress ? "The original user has been invited but has not accepted yet." : null,
                Routes[1], originalUser?.Email, originalUser?.ActivatedAt ?? originalUser?.InvitedAt),
            new(2, "Connect to Salesforce", SetupActor.MarketoOrSalesforceAdmin, salesforce is null ? SetupStepStatus.NotStarted : SetupStepStatus.Done,
                null, Routes[2], salesforce?.Email, salesforce?.ConnectedAt),
            new(3, "Connect to Marketo", SetupActor.MarketoAdmin, marketo is null ? SetupStepStatus.NotStarted : SetupStepStatus.Done,
                null, Routes[3], marketo?.By, marketo?.ConnectedAt),
            new(4, "Start the data sync", SetupActor.MarketoAdmin, syncStatus,
                syncStatus == SetupStepStatus.InProgress ? "The first sync of people is running." : null,
                Routes[4], sync?.By, sync?.StartedAt),
            new(5, "Invite Users", SetupActor.MarketoAdmin, invites,
                invites == SetupStepStatus.InProgress ? "Invitations are out; nobody has accepted yet." : null,
                Routes[5], lastInvite?.ActorEmail, lastInvite?.At ?? (otherMembers.Count > 0 ? otherMembers.Max(g => g.LastInvitedAt) : null)),
            new(6, "Install the package in Salesforce", SetupActor.SalesforceAdmin, packageInstalled,
                packageInstalled == SetupStepStatus.InProgress ? "The last check did not find the package in Salesforce." : null,
                Routes[6], latestPackageCheck?.CheckedBy, latestPackageCheck?.CheckedAt),
            new(7, "Configure Sales Insight Actions in Salesforce", SetupActor.SalesforceAdmin, packageConfigured,
                packageConfigured == SetupStepStatus.InProgress ? "The package is installed but not configured yet." : null,
                Routes[7], latestPackageCheck?.CheckedBy, latestPackageCheck?.CheckedAt),
        ];

        return [.. steps.Select(s => WaitingFor(s.Number, steps) is { } blocker
            ? s with { Status = SetupStepStatus.Waiting, DetailKey = null, WaitingForStep = blocker }
            : s)];
    }

    /// <summary>The lowest-numbered step, among <paramref name="number"/>'s prerequisites and theirs, that is not done.</summary>
    private static int? WaitingFor(int number, IReadOnlyList<SetupStep> steps)
    {
        var pending = new SortedSet<int>();
        var queue = new Queue<int>(Prerequisites[number]);
        while (queue.TryDequeue(out var step))
        {
            if (steps[step - 1].Status != SetupStepStatus.Done)
            {
                pending.Add(step);
            }

            foreach (var earlier in Prerequisites[step])
            {
                queue.Enqueue(earlier);
            }
        }

        return pending.Count == 0 ? null : pending.Min;
    }

    private Task<AuditEntry?> LatestAuditAsync(string action, CancellationToken ct) =>
        db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action == action && e.Outcome == AuditOutcome.Succeeded)
            .OrderByDescending(e => e.At).FirstOrDefaultAsync(ct);
}
