using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Web.Onboarding;

public enum SetupStepStatus
{
    NotStarted,
    InProgress,
    Done,
}

public enum SetupActor
{
    MarketoAdmin,
    MarketoOrSalesforceAdmin,
    SalesforceAdmin,
}

/// <summary>One of the seven onboarding steps; Title/Actor map to localized strings in the page.</summary>
public sealed record SetupStep(int Number, string TitleKey, SetupActor Actor, SetupStepStatus Status, string? DetailKey = null);

/// <summary>
/// Derives each onboarding step's status from what is stored (members, connections, sync, package checks),
/// never from a stored checkbox, so the tracker cannot disagree with reality.
/// </summary>
public sealed class SetupTracker(AppDbContext db)
{
    public async Task<IReadOnlyList<SetupStep>> GetStepsAsync(CancellationToken cancellationToken = default)
    {
        var originalUser = await db.Members.Where(m => m.IsOriginalUser)
            .Select(m => new { m.Status }).FirstOrDefaultAsync(cancellationToken);
        var salesforceConnected = await db.SalesforceConnections.AnyAsync(c => c.IsAccountConnection, cancellationToken);
        var marketoConnected = await db.MarketoConnections.AnyAsync(cancellationToken);
        var sync = await db.SyncStates.Select(s => new { s.StartedAt, s.InitialSyncCompletedAt }).FirstOrDefaultAsync(cancellationToken);
        var otherMembers = await db.Members.Where(m => !m.IsOriginalUser)
            .GroupBy(m => m.Status == MemberStatus.Active)
            .Select(g => new { Active = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var latestPackageCheck = await db.SalesforcePackageChecks.OrderByDescending(c => c.CheckedAt)
            .Select(c => new { c.PackageInstalled, c.Configured }).FirstOrDefaultAsync(cancellationToken);

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

        return
        [
            new(1, "Set up the Sales account", SetupActor.MarketoAdmin, accountSetup,
                accountSetup == SetupStepStatus.InProgress ? "The original user has been invited but has not accepted yet." : null),
            new(2, "Connect to Salesforce", SetupActor.MarketoOrSalesforceAdmin, salesforceConnected ? SetupStepStatus.Done : SetupStepStatus.NotStarted),
            new(3, "Connect to Marketo", SetupActor.MarketoAdmin, marketoConnected ? SetupStepStatus.Done : SetupStepStatus.NotStarted),
            new(4, "Start the data sync", SetupActor.MarketoAdmin, syncStatus,
                syncStatus == SetupStepStatus.InProgress ? "The first sync of people is running." : null),
            new(5, "Invite users", SetupActor.MarketoAdmin, invites,
                invites == SetupStepStatus.InProgress ? "Invitations are out; nobody has accepted yet." : null),
            new(6, "Install the package in Salesforce", SetupActor.SalesforceAdmin, packageInstalled,
                packageInstalled == SetupStepStatus.InProgress ? "The last check did not find the package in Salesforce." : null),
            new(7, "Configure Sales Insight Actions in Salesforce", SetupActor.SalesforceAdmin, packageConfigured,
                packageConfigured == SetupStepStatus.InProgress ? "The package is installed but not configured yet." : null),
        ];
    }
}
