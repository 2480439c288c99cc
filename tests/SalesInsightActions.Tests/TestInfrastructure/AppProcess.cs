using System.Globalization;

namespace SalesInsightActions.Tests.TestInfrastructure;

/// <summary>
/// The built web app (src/SalesInsightActions.Web, same configuration as the tests) as a real child process on a free
/// 127.0.0.1 port, configured like <see cref="AppFactory"/> but through environment variables: its own PostgreSQL
/// database, the run's SMTP server, fast e-mail polling. Ready when /health/ready answers 200 (database reachable and
/// migrated). Kill it with <see cref="ChildProcess.Kill"/> (SIGKILL) and start it again with <see cref="ChildProcess.StartAsync"/>.
/// Seed data before starting it with <see cref="InProcessAsync"/> (an in-process app on the same database, scheduler off).
/// </summary>
public sealed class AppProcess : ChildProcess
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private AppProcess(int port, IReadOnlyDictionary<string, string?> settings)
        : base("SalesInsightActions.Web", "SalesInsightActions.Web.dll", port, settings)
    {
        _settings = settings;
    }

    /// <summary>Creates (does not start) an app on <paramref name="connectionString"/>; <paramref name="settings"/> override the defaults.</summary>
    public static AppProcess Create(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, int? smtpPort = null)
    {
        var port = FreePort();
        var all = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Logging:Json"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Smtp:Host"] = TestEnvironment.SmtpHost,
            ["Smtp:Port"] = (smtpPort ?? TestEnvironment.SmtpPort).ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Email:PollIntervalSeconds"] = "0.2",
            ["Invitations:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Salesforce:ClientId"] = "sim-salesforce-client-id",
            ["Salesforce:ClientSecret"] = "sim-salesforce-client-secret",
            ["RateLimiting:SignInPerMinute"] = "10000",
            ["RateLimiting:AcceptPerMinute"] = "10000",
            ["RateLimiting:InvitePerMinute"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new AppProcess(port, all);
    }

    /// <summary>
    /// Runs <paramref name="seed"/> against an in-process app on the same database and settings, with its scheduler and
    /// mail sender unable to act, then disposes it: migrations are applied, and secrets are protected with the Data
    /// Protection keys the child process will read from the same database.
    /// </summary>
    public async Task InProcessAsync(Func<AppFactory, Task> seed)
    {
        var settings = _settings.Where(s => s.Key.Contains(':', StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value);
        settings["PeopleSync:SchedulerEnabled"] = "false";
        // Nothing the seeding app queues may leave through it: an unreachable SMTP port.
        settings["Smtp:Port"] = "9";
        settings["Email:PollIntervalSeconds"] = "3600";
        await using var app = new AppFactory(settings["ConnectionStrings:Postgres"]!, settings);
        app.CreateClient().Dispose();
        await seed(app);
    }

    /// <summary>An HttpClient on the app (cookies kept, redirects not followed).</summary>
    public HttpClient CreateClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

    protected override async Task<bool> IsReadyAsync(HttpClient http) => (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
}
