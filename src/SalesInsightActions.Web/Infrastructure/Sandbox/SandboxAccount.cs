using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Infrastructure.Sandbox;

/// <summary>The id of the sandbox's own Sales account; null outside sandbox mode.</summary>
public sealed class SandboxAccount
{
    public Guid? AccountId { get; internal set; }
}

/// <summary>Creates the sandbox account once (after migrations, which run in an earlier hosted service).</summary>
internal sealed class SandboxAccountInitializer(
    IServiceScopeFactory scopes, IOptions<SandboxOptions> options, SandboxAccount sandbox, TimeProvider clock, ILogger<SandboxAccountInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var munchkinId = options.Value.MunchkinId;
        var account = await db.SalesAccounts.FirstOrDefaultAsync(a => a.MunchkinId == munchkinId, cancellationToken);
        if (account is null)
        {
            // All login methods, as for any account set up on Actions Config: the original user sets a password
            // before Salesforce is connected (step 2 comes after step 1).
            account = new SalesAccount
            {
                Name = options.Value.AccountName, MunchkinId = munchkinId, IsSandbox = true, CreatedAt = clock.GetUtcNow().UtcDateTime,
                LoginManagement = LoginManagement.AllLoginMethods,
            };
            db.SalesAccounts.Add(account);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Created the sandbox Sales account {SalesAccountId} for Munchkin {MunchkinId}", account.Id, munchkinId);
            }
            catch (DbUpdateException)
            {
                // Another instance created it first.
                db.ChangeTracker.Clear();
                account = await db.SalesAccounts.FirstAsync(a => a.MunchkinId == munchkinId, cancellationToken);
            }
        }

        sandbox.AccountId = account.Id;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
