using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Onboarding;
using SalesInsightActions.Web.Onboarding.ActionsConfig;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.CsvInvites;
using SalesInsightActions.Web.Users.Invitations;
using SalesInsightActions.Web.Users.Teams;

namespace SalesInsightActions.Web.Data;

/// <summary>
/// The one DbContext. Provider-specific subclasses exist only so each provider keeps its own
/// migrations; the model is defined here once.
/// </summary>
public abstract class AppDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    private readonly AccountScope _scope;

    protected AppDbContext(DbContextOptions options, AccountScope scope) : base(options)
    {
        _scope = scope;
    }

    /// <summary>Read by the query filters on every query; Guid.Empty matches no row.</summary>
    internal Guid CurrentAccountId => _scope.AccountId ?? Guid.Empty;

    public DbSet<SalesAccount> SalesAccounts => Set<SalesAccount>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<AccountMarketoConnection> MarketoConnections => Set<AccountMarketoConnection>();
    public DbSet<MemberSalesforceConnection> SalesforceConnections => Set<MemberSalesforceConnection>();
    public DbSet<SyncState> SyncStates => Set<SyncState>();
    public DbSet<Sync.People.Person> People => Set<Sync.People.Person>();
    public DbSet<Sync.Checkpoints.SyncCheckpoint> SyncCheckpoints => Set<Sync.Checkpoints.SyncCheckpoint>();
    public DbSet<Sync.Diagnostics.RejectedPerson> RejectedPeople => Set<Sync.Diagnostics.RejectedPerson>();
    public DbSet<Sync.Diagnostics.SyncThroughputSample> SyncThroughputSamples => Set<Sync.Diagnostics.SyncThroughputSample>();
    public DbSet<Sync.Activities.SalesActivity> SalesActivities => Set<Sync.Activities.SalesActivity>();
    public DbSet<Sync.Activities.ActivityWrite> ActivityWrites => Set<Sync.Activities.ActivityWrite>();
    public DbSet<Sync.Activities.SalesforceTaskSettings> SalesforceTaskSettings => Set<Sync.Activities.SalesforceTaskSettings>();
    public DbSet<Sync.Activities.Api.ApiToken> ApiTokens => Set<Sync.Activities.Api.ApiToken>();
    public DbSet<SalesforcePackageCheck> SalesforcePackageChecks => Set<SalesforcePackageCheck>();
    public DbSet<Onboarding.SalesforceConnection.SalesforceHandoffLink> SalesforceHandoffLinks => Set<Onboarding.SalesforceConnection.SalesforceHandoffLink>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<CsvImport> CsvImports => Set<CsvImport>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<ActionsConfigCredentials> ActionsConfigCredentials => Set<ActionsConfigCredentials>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Sync.Activities.SalesEmails.SalesEmail> SalesEmails => Set<Sync.Activities.SalesEmails.SalesEmail>();
    public DbSet<Sync.Activities.SalesEmails.InboundMailSecret> InboundMailSecrets => Set<Sync.Activities.SalesEmails.InboundMailSecret>();
    public DbSet<Sync.Activities.SalesEmails.EmailOptOut> EmailOptOuts => Set<Sync.Activities.SalesEmails.EmailOptOut>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        var applyFilter = typeof(AppDbContext).GetMethod(nameof(ApplyAccountFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => typeof(IAccountOwned).IsAssignableFrom(t.ClrType)))
        {
            applyFilter.MakeGenericMethod(entityType.ClrType).Invoke(this, [builder]);
        }
    }

    private void ApplyAccountFilter<TEntity>(ModelBuilder builder) where TEntity : class, IAccountOwned
    {
        Expression<Func<TEntity, bool>> ownedByCurrentAccount = e => e.SalesAccountId == CurrentAccountId;
        builder.Entity<TEntity>().HasQueryFilter(ownedByCurrentAccount);
        builder.Entity<TEntity>().HasOne<SalesAccount>().WithMany().HasForeignKey(e => e.SalesAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Entity<TEntity>().HasIndex(e => e.SalesAccountId);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAccountIsolation();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAccountIsolation();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Stamps new owned rows with the scope's account and refuses writes to any other account's rows.</summary>
    private void GuardAccountIsolation()
    {
        foreach (var entry in ChangeTracker.Entries<IAccountOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var accountId = _scope.AccountId
                ?? throw new AccountIsolationException($"Cannot save {entry.Metadata.ClrType.Name}: no Sales account is in scope.");

            if (entry.State == EntityState.Added && entry.Entity.SalesAccountId == Guid.Empty)
            {
                entry.Entity.SalesAccountId = accountId;
            }

            var original = entry.State == EntityState.Added
                ? entry.Entity.SalesAccountId
                : entry.Property(e => e.SalesAccountId).OriginalValue;
            if (original != accountId || entry.Entity.SalesAccountId != accountId)
            {
                throw new AccountIsolationException($"Cannot save {entry.Metadata.ClrType.Name}: it belongs to another Sales account.");
            }
        }
    }
}
