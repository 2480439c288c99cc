using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>
/// The real app on real Kestrel at http://127.0.0.1:&lt;free port&gt;, so a real browser can reach it.
/// Settings go in through UseSetting so that Program.cs sees them while it builds.
/// </summary>
public sealed class KestrelApp : WebApplicationFactory<Program>
{
    private readonly string _postgresConnectionString;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private KestrelApp(int port, string postgresConnectionString, IReadOnlyDictionary<string, string?> settings)
    {
        BaseUrl = BaseUrlFor(port);
        _postgresConnectionString = postgresConnectionString;
        _settings = settings;
        // Loopback only, never an external address.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    }

    /// <summary>Where the browser reaches the app, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; }

    /// <summary>
    /// Starts the app on a free port. The port is chosen before the app is built because some settings
    /// (e.g. the sandbox's OpenID Connect authority) must name the app's own address.
    /// </summary>
    public static async Task<KestrelApp> StartAsync(string postgresConnectionString, Func<Uri, IReadOnlyDictionary<string, string?>> settingsFor)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var app = new KestrelApp(port, postgresConnectionString, settingsFor(BaseUrlFor(port)));
            try
            {
                // StartServer blocks while migrations run in a hosted service; keep it off the test's thread.
                await Task.Run(app.StartServer);
                return app;
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is AddressInUseException)
            {
                // Another process took the port between choosing and binding it: choose again.
                await app.DisposeAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    public Uri Url(string relative) => new(BaseUrl, relative);

    /// <summary>A service scope acting for <paramref name="accountId"/> (or for no account), as a request would.</summary>
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As in Development (what `dotnet run` uses): a singleton that takes a scoped service fails here, not only there.
        builder.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.UseSetting("ConnectionStrings:Postgres", _postgresConnectionString);
        builder.UseSetting("Logging:Json", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Mail goes to the run's real SMTP catcher (maildev), quickly.
        builder.UseSetting("Smtp:Host", TestEnvironment.SmtpHost);
        builder.UseSetting("Smtp:Port", TestEnvironment.SmtpPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Email:PollIntervalSeconds", "0.2");
        // The simulator's seeded connected app (the app requires one to start).
        builder.UseSetting("Salesforce:ClientId", "sim-salesforce-client-id");
        builder.UseSetting("Salesforce:ClientSecret", "sim-salesforce-client-secret");
        // Many tests sign in from one address.
        builder.UseSetting("RateLimiting:SignInPerMinute", "10000");
        builder.UseSetting("RateLimiting:AcceptPerMinute", "10000");
        builder.UseSetting("RateLimiting:InvitePerMinute", "10000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static Uri BaseUrlFor(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
