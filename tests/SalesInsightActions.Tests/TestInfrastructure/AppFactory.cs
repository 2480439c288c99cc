using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Tests.TestInfrastructure;

/// <summary>
/// The real app on a real PostgreSQL database. Settings go in through UseSetting so that
/// Program.cs sees them while it builds (the provider is chosen from configuration). With
/// <c>realHttp</c> the app listens on Kestrel (loopback, free port), so it can call its own in-process
/// simulators under /sandbox over real HTTP, as in sandbox mode.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    private readonly string postgresConnectionString;
    private readonly IReadOnlyDictionary<string, string?>? settings;
    private readonly Action<IServiceCollection>? configureServices;

    /// <param name="configureServices">Extra registrations after the app's own (a log sink to read, say).</param>
    public AppFactory(string postgresConnectionString, IReadOnlyDictionary<string, string?>? settings = null, bool realHttp = false, Action<IServiceCollection>? configureServices = null)
    {
        this.postgresConnectionString = postgresConnectionString;
        this.settings = settings;
        this.configureServices = configureServices;
        if (realHttp)
        {
            UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As in Development (what `dotnet run` uses): a singleton that takes a scoped service fails here, not only there.
        builder.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.UseSetting("ConnectionStrings:Postgres", postgresConnectionString);
        builder.UseSetting("Logging:Json", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Mail goes to the run's real SMTP catcher (maildev), quickly.
        builder.UseSetting("Smtp:Host", TestEnvironment.SmtpHost);
        builder.UseSetting("Smtp:Port", TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Email:PollIntervalSeconds", "0.2");
        // The simulator's connected app; tests that drive OAuth point LoginHost at a SimulatorServer.
        builder.UseSetting("Salesforce:ClientId", "sim-salesforce-client-id");
        builder.UseSetting("Salesforce:ClientSecret", "sim-salesforce-client-secret");
        // Many tests sign in from one address; the limiter's own tests lower these again.
        builder.UseSetting("RateLimiting:SignInPerMinute", "10000");
        builder.UseSetting("RateLimiting:AcceptPerMinute", "10000");
        builder.UseSetting("RateLimiting:InvitePerMinute", "10000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    /// <summary>The Kestrel address when listening on real HTTP; clients must be given it (the default is http://localhost).</summary>
    public Uri ServerAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>A DbContext scope acting for <paramref name="accountId"/> (or for no account).</summary>
    public AsyncServiceScope CreateScope(Guid? accountId, out AppDbContext db)
    {
        var scope = Services.CreateAsyncScope();
        if (accountId is { } id)
        {
            scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(id);
        }

        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }
}
