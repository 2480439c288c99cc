using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Connections.Salesforce;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Security;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Activities;

namespace SalesInsightActions.Benchmarks.Activities;

/// <summary>
/// The child process of the activity write-back benchmark: the real app (scheduler off) on its own database, one Sales
/// account connected to the Marketo simulator and, with tokens the parent obtained through the simulator's OAuth pages,
/// to the Salesforce simulator. "sync" runs the people sync (so activities attach to real synced people); "write" runs
/// the product's <see cref="ActivityWriteRunner"/> until nothing is left to send (bounded), answering "@@bench {json}".
/// </summary>
public static class ActivityChild
{
    private const string Marker = Sync.SyncChild.Marker;

    /// <param name="args">connection string, simulator base URL, then configuration as key=value (Bench:Salesforce:* are the tokens).</param>
    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args[0];
        var simulator = new Uri(args[1]);
        var settings = args.Skip(2).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SALESINSIGHTACTIONS_WEB", WebContentRoot());
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("Logging:Json", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", Environment.GetEnvironmentVariable("SIA_BENCH_CHILD_LOG") ?? "Warning");
            builder.UseSetting("PeopleSync:SchedulerEnabled", "false");
            builder.UseSetting("Salesforce:ClientId", "sim-salesforce-client-id");
            builder.UseSetting("Salesforce:ClientSecret", "sim-salesforce-client-secret");
            builder.UseSetting("Salesforce:LoginHost", simulator.ToString());
            builder.UseSetting("Smtp:Host", "127.0.0.1");
            builder.UseSetting("Smtp:Security", "None");
            foreach (var (key, value) in settings.Where(s => !s.Key.StartsWith("Bench:", StringComparison.Ordinal)))
            {
                builder.UseSetting(key, value);
            }
        });
        var accountId = await CreateAccountAsync(factory.Services, simulator, settings);
        Send(new { @event = "ready", accountId });
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "sync")
            {
                var stopwatch = Stopwatch.StartNew();
                await using var scope = factory.Services.CreateAsyncScope();
                var status = await scope.ServiceProvider.GetRequiredService<PeopleSyncRunner>().RunAsync(accountId, CancellationToken.None);
                Send(new { @event = "synced", status = status?.ToString(), seconds = stopwatch.Elapsed.TotalSeconds });
            }
            else if (command == "write")
            {
                // Runs as the scheduler's job would fire them back to back; a run stops early only when a vendor refuses or fails.
                var stopwatch = Stopwatch.StartNew();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var runs = new List<object>();
                using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(20));
                while (!deadline.IsCancellationRequested)
                {
                    await using var scope = factory.Services.CreateAsyncScope();
                    var (marketo, salesforce) = await scope.ServiceProvider.GetRequiredService<ActivityWriteRunner>().RunAsync(accountId, deadline.Token);
                    runs.Add(new { at = stopwatch.Elapsed.TotalSeconds, marketo, salesforce });
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    if (!await db.ActivityWrites.AnyAsync(w => w.State == ActivityWriteState.Pending || w.State == ActivityWriteState.Sending))
                    {
                        break;
                    }
                }

                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                Send(new { @event = "written", seconds = stopwatch.Elapsed.TotalSeconds, cpuSeconds, runs });
            }
            else if (command == "exit")
            {
                break;
            }
        }

        return 0;
    }

    private static async Task<Guid> CreateAccountAsync(IServiceProvider services, Uri simulator, Dictionary<string, string> settings)
    {
        Guid accountId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var account = new SalesAccount { Name = "Activity benchmark", MunchkinId = "123-ABC-456", CreatedAt = DateTime.UtcNow };
            db.SalesAccounts.Add(account);
            await db.SaveChangesAsync();
            accountId = account.Id;
        }

        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(accountId);
            await scope.ServiceProvider.GetRequiredService<MarketoConnectionStore>()
                .SaveAsync("123-ABC-456", simulator, "sim-marketo-client-id", "sim-marketo-client-secret", Guid.NewGuid());
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var secrets = scope.ServiceProvider.GetRequiredService<SecretProtector>();
            var idUrl = new Uri(settings["Bench:Salesforce:IdUrl"]);
            var ids = idUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            db.SalesforceConnections.Add(new MemberSalesforceConnection
            {
                IsAccountConnection = true,
                ConnectedByEmail = settings["Bench:Salesforce:Username"],
                InstanceUrl = settings["Bench:Salesforce:InstanceUrl"].TrimEnd('/'),
                OrganizationId = ids[^2],
                SalesforceUserId = ids[^1],
                Username = settings["Bench:Salesforce:Username"],
                ProtectedAccessToken = secrets.Protect(settings["Bench:Salesforce:AccessToken"]),
                ProtectedRefreshToken = secrets.Protect(settings["Bench:Salesforce:RefreshToken"]),
                AuthorizationHost = simulator.ToString(),
                IdUrl = idUrl.ToString(),
                TokenIssuedAt = DateTime.UtcNow,
                Scope = settings.GetValueOrDefault("Bench:Salesforce:Scope"),
                ConnectedAt = DateTime.UtcNow,
            });
            db.SyncStates.Add(new SyncState { StartedAt = DateTime.UtcNow, StartedByMemberId = Guid.NewGuid() });
            await db.SaveChangesAsync();
        }

        return accountId;
    }

    private static string WebContentRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "SalesInsightActions.Web");
            if (File.Exists(Path.Combine(candidate, "appsettings.json")))
            {
                return candidate;
            }
        }

        return AppContext.BaseDirectory;
    }

    private static void Send(object message)
    {
        Console.Out.WriteLine(Marker + JsonSerializer.Serialize(message));
        Console.Out.Flush();
    }
}
