using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SalesInsightActions.Simulators.Marketo;
using SalesInsightActions.Simulators.Salesforce;
using SalesInsightActions.Tests.Onboarding.SalesforceConnection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Infrastructure.Sandbox;
using SalesInsightActions.Web.Sync.People;
using Serilog.Core;
using Serilog.Events;

namespace SalesInsightActions.Tests.Security;

/// <summary>
/// Issue 10's secrets-at-rest suite: a whole sandbox walkthrough over real HTTP (Actions Config verified, the first admin
/// invited and activated with a password, Marketo connected, Salesforce connected through the simulator's OAuth pages,
/// a second member invited and activated, the sync started, a call logged), then a pg_dump of the database and every
/// log event are searched for each secret used: the Marketo client secret, the access and refresh tokens the
/// simulators issued, both passwords, both invitation tokens and both session cookies.
/// </summary>
public sealed partial class SecretsAtRestTests : AppTest
{
    private const string Admin = "marta.admin@sim-marketo.example";
    private const string AdminPassword = "Walkthrough-Admin-Pass-71";
    private const string Colleague = "colleague@walkthrough.example";
    private const string ColleaguePassword = "Walkthrough-Colleague-Pass-38";
    private const string MarketoSecret = "sim-marketo-client-secret";

    private readonly LogCapture _logs = new();

    protected override bool RealHttp => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "true",
        ["Email:DevMailbox"] = "true",
        ["Marketo:RetryBaseDelay"] = "00:00:00",
        // Everything the app logs, not only warnings.
        ["Serilog:MinimumLevel:Default"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
        ["Serilog:MinimumLevel:Override:System"] = "Verbose",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(_logs);

    private HttpClient Browser(CookieContainer? jar = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar ?? new CookieContainer() }) { BaseAddress = App.ServerAddress };

    [Fact]
    public async Task After_a_full_sandbox_walkthrough_no_secret_is_in_the_database_dump_or_the_logs()
    {
        var secrets = new Dictionary<string, string> { ["Marketo client secret"] = MarketoSecret, ["admin password"] = AdminPassword, ["member password"] = ColleaguePassword };

        // Step 1: Actions Config, anonymous, with the simulator's credentials; Send Invite to the first admin.
        var adminJar = new CookieContainer();
        using var admin = Browser(adminJar);
        const string actionsConfig = "/admin/sales-insight/actions-config";
        Assert.Equal(HttpStatusCode.Redirect, (await AccountSeeder.PostFormAsync(admin, actionsConfig + "?handler=Verify", new()
        {
            ["Input.MunchkinId"] = "123-ABC-456", ["Input.ClientId"] = "sim-marketo-client-id", ["Input.ClientSecret"] = MarketoSecret,
        }, formPageUrl: actionsConfig)).StatusCode);
        var page = await admin.GetStringAsync(actionsConfig);
        var marta = Regex.Match(page, $"""<tr data-email="{Regex.Escape(Admin)}">.*?name="userIds" value="(?<id>[^"]+)""", RegexOptions.Singleline).Groups["id"].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await AccountSeeder.PostFormAsync(admin, actionsConfig + "?handler=Invite", new() { ["userIds"] = marta }, formPageUrl: actionsConfig)).StatusCode);

        // The invitation from the dev mailbox (this browser sent it), accepted with a password.
        var adminToken = await InvitationTokenFromDevMailboxAsync(admin, Admin);
        secrets["first admin's invitation token"] = adminToken;
        await AcceptAsync(admin, adminToken, AdminPassword);
        secrets["admin's session cookie"] = SessionCookie(adminJar);

        // Step 3: Marketo → Connect with the verified credentials.
        Assert.Equal(HttpStatusCode.Redirect, (await AccountSeeder.PostFormAsync(admin, "/settings/marketo?handler=Connect", [], "/settings/marketo")).StatusCode);
        Assert.Contains("Marketo is connected.", await admin.GetStringAsync("/settings/marketo"), StringComparison.Ordinal);

        // Step 2: Salesforce → Connect → the simulator's sign-in and consent → the callback.
        var start = await AccountSeeder.PostFormAsync(admin, "/settings/salesforce?handler=Connect", new() { ["environment"] = "production" }, "/settings/salesforce");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var callback = await SalesforceConnectionWorld.AuthorizeAsync(start.Headers.Location!, "admin@sim-salesforce.example");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync(callback.PathAndQuery)).StatusCode);
        Assert.Contains("Connected to Salesforce", await admin.GetStringAsync("/settings/salesforce"), StringComparison.Ordinal);

        // A second member, invited from User Management and activated with a password.
        Assert.Equal(HttpStatusCode.Redirect, (await AccountSeeder.PostFormAsync(admin, "/users/invite", new() { ["Emails"] = Colleague, ["Role"] = "standard" })).StatusCode);
        var colleagueToken = await InvitationTokenFromDevMailboxAsync(admin, Colleague);
        secrets["member's invitation token"] = colleagueToken;
        var colleagueJar = new CookieContainer();
        using var colleague = Browser(colleagueJar);
        await AcceptAsync(colleague, colleagueToken, ColleaguePassword);
        secrets["member's session cookie"] = SessionCookie(colleagueJar);

        // Step 4: Start Sync; then a call logged on a person.
        Assert.Equal(HttpStatusCode.Redirect, (await AccountSeeder.PostFormAsync(admin, "/admin/sales-insight/actions-config/field-sync/start", [])).StatusCode);
        var account = App.Services.GetRequiredService<SandboxAccount>().AccountId!.Value;
        await using (var scope = App.CreateScope(account, out var db))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<IPeopleStore>().UpsertAsync(db, account, [new PersonRecord(
                987654321, "Walk", "Through", "walk@people.example", "Acme", "VP", null, null, "Web",
                null, "00Q000000000009876", null, null, "005000000000001AAA", "Lead", DateTime.UtcNow, null)], DateTime.UtcNow, default);
            await transaction.CommitAsync();
        }

        Assert.Equal(HttpStatusCode.Redirect, (await AccountSeeder.PostFormAsync(colleague, "/people/987654321?handler=LogCall",
            new() { ["outcome"] = "Connected", ["notes"] = "Walkthrough call" }, "/people/987654321")).StatusCode);
        // Let the background work (sync, activity writes, token refreshes) run for a moment, so its rows and logs are in.
        await Task.Delay(TimeSpan.FromSeconds(5));

        var issued = App.Services.GetRequiredService<SalesforceSimulatorState>().OAuth.IssuedTokens()
            .Concat(App.Services.GetRequiredService<MarketoState>().IssuedTokens()).ToList();
        Assert.NotEmpty(App.Services.GetRequiredService<SalesforceSimulatorState>().OAuth.IssuedTokens());
        Assert.NotEmpty(App.Services.GetRequiredService<MarketoState>().IssuedTokens());
        foreach (var (token, i) in issued.Select((t, i) => (t, i)))
        {
            secrets[$"vendor token #{i + 1} ({token[..6]}…)"] = token;
        }

        var dump = await DumpDatabaseAsync();
        var logs = _logs.Text();
        Assert.Contains(Admin, dump, StringComparison.Ordinal); // the dump is real
        Assert.NotEmpty(logs);
        var found = secrets
            .SelectMany(s => new[] { (Where: "the database", Text: dump), (Where: "the logs", Text: logs) }
                .Where(place => Variants(s.Value).Any(v => place.Text.Contains(v, StringComparison.Ordinal)))
                .Select(place => $"{s.Key} is in clear in {place.Where}: …{Around(place.Text, s.Value)}…"))
            .ToList();
        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    /// <summary>The secret as stored raw, URL-encoded or HTML-encoded.</summary>
    private static IEnumerable<string> Variants(string secret) => new[] { secret, Uri.EscapeDataString(secret), WebUtility.HtmlEncode(secret) }.Distinct();

    private static string Around(string text, string secret)
    {
        var at = Variants(secret).Select(v => text.IndexOf(v, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(0).First();
        return text.Substring(Math.Max(0, at - 120), Math.Min(240, text.Length - Math.Max(0, at - 120))).ReplaceLineEndings(" ");
    }

    private async Task<string> InvitationTokenFromDevMailboxAsync(HttpClient browser, string address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var list = await browser.GetStringAsync("/dev/mailbox");
            var row = Regex.Match(list, $"""<tr data-message="(?<id>[^"]+)"[^>]*>\s*<td>[^<]*{Regex.Escape(WebUtility.HtmlEncode(address))}""");
            if (row.Success)
            {
                var message = await browser.GetStringAsync("/dev/mailbox?id=" + row.Groups["id"].Value);
                var token = Regex.Match(message, """/invitations/accept\?token=(?<token>[^"&<]+)""").Groups["token"].Value;
                Assert.NotEmpty(token);
                return Uri.UnescapeDataString(WebUtility.HtmlDecode(token));
            }

            Assert.True(DateTime.UtcNow < deadline, $"No invitation to {address} in the dev mailbox.");
            await Task.Delay(200);
        }
    }

    private static async Task AcceptAsync(HttpClient browser, string token, string password)
    {
        var accepted = await AccountSeeder.PostFormAsync(browser, "/invitations/accept",
            new() { ["token"] = token, ["password"] = password, ["confirmPassword"] = password },
            formPageUrl: "/invitations/accept?token=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    private string SessionCookie(CookieContainer jar)
    {
        var cookie = jar.GetCookies(App.ServerAddress).Single(c => c.Name == "sia.auth");
        return cookie.Value;
    }

    /// <summary>pg_dump of the test database, data and schema, as plain SQL.</summary>
    private async Task<string> DumpDatabaseAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
        var start = new ProcessStartInfo("/usr/lib/postgresql/15/bin/pg_dump")
        {
            ArgumentList = { "--host", connection.Host!, "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", connection.Username!, "--no-owner", connection.Database! },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["PGPASSWORD"] = connection.Password ?? "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "pg_dump failed: " + await error);
        return await output;
    }

    /// <summary>Every event the app logs, rendered with its properties and exception.</summary>
    private sealed class LogCapture : ILogEventSink
    {
        private readonly ConcurrentQueue<string> _events = new();

        public void Emit(LogEvent logEvent)
        {
            var line = new StringBuilder(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (name, value) in logEvent.Properties)
            {
                line.Append(' ').Append(name).Append('=').Append(value.ToString());
            }

            if (logEvent.Exception is { } exception)
            {
                line.Append(' ').Append(exception);
            }

            _events.Enqueue(line.ToString());
        }

        public string Text() => string.Join('\n', _events);
    }
}
