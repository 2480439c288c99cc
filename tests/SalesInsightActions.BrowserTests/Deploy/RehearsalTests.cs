using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Deploy;

/// <summary>
/// The production rehearsal: deploy/rehearse.sh starts the compose topology as processes (nginx in front of two app
/// instances in Production mode, PostgreSQL, the simulators, maildev) and runs this class against the proxy. It is not
/// part of the ordinary browser run (Category=Rehearsal); test.sh runs it through rehearse.sh.
/// </summary>
[Trait("Category", "Rehearsal")]
public sealed partial class RehearsalTests(ITestOutputHelper output)
{
    private const string MarketoAdmin = "marta.admin@sim-marketo.example";
    private const string Password = "Rehearsal-Pass-42";

    [Fact]
    public async Task An_admin_onboards_through_the_proxy_and_the_other_instance_finishes_the_sync_when_one_dies()
    {
        var topology = Topology.FromEnvironment();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { BaseURL = topology.ProxyUrl, Locale = "en-US" });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        try
        {
            // Step 1: Actions Config with the simulator's API user (Production: nothing is pre-filled).
            await page.GotoAsync("/admin");
            await page.GetByRole(AriaRole.Link, new() { Name = "Sales Insight", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Actions Config", Exact = true }).ClickAsync();
            await page.GetByLabel("Munchkin ID", new() { Exact = true }).FillAsync(" 123-ABC-456 ");
            await page.GetByLabel("Client ID", new() { Exact = true }).FillAsync("sim-marketo-client-id");
            await page.GetByLabel("Client Secret", new() { Exact = true }).FillAsync("sim-marketo-client-secret");
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
            await Expect(page.GetByText("Verified.")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Checkbox, new() { Name = "Marta Alvarez" }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send Invite", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Integration Information" })).ToBeVisibleAsync();

            // The invitation went out over SMTP with a link to the public address, not to an instance.
            var email = await Maildev.WaitForMessageToAsync(MarketoAdmin);
            Assert.Contains(topology.ProxyUrl + "invitations/accept?token=", email.Html ?? "", StringComparison.Ordinal);
            await page.SetContentAsync(email.Html!);
            await page.GetByRole(AriaRole.Link, new() { Name = "Get Started", Exact = true }).ClickAsync();
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
            await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(topology.ProxyUrl);

            // Step 3: Marketo with the credentials verified in Actions Config.
            await page.GotoAsync("/settings/marketo");
            await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
            await Expect(page.GetByText("123-ABC-456").First).ToBeVisibleAsync();

            // Step 2: Salesforce — the browser is sent to the simulators' browser-facing address and back.
            await page.GotoAsync("/settings/salesforce");
            await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(topology.SimulatorsUrl)));
            await page.GetByLabel("Username").FillAsync("admin@sim-salesforce.example");
            await page.GetByLabel("Password").FillAsync("Sandbox-Pass-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log In", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connected to Salesforce" })).ToBeVisibleAsync();

            // Step 4: Start Sync.
            await page.GotoAsync("/admin/sales-insight/actions-config/field-sync/start");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start Sync", Exact = true }).ClickAsync();
            await Expect(page.GetByText("The data sync has started.").First).ToBeVisibleAsync();
            await page.GotoAsync("/sync");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sync");

            // Whichever instance took the account's initial pass dies (SIGKILL) in the middle of it.
            var runner = await topology.WaitForInitialSyncRunnerAsync(TimeSpan.FromMinutes(2));
            var survivor = runner == topology.App1 ? topology.App2 : topology.App1;
            var section = page.Locator("section.sync-status");
            Assert.NotEqual("UpToDate", await section.GetAttributeAsync("data-sync-state"));
            output.WriteLine($"killing {runner.Name} (pid {runner.ProcessId}) mid-sync; {survivor.Name} must finish");
            runner.Kill();

            // The page keeps updating through the proxy (now only the survivor answers) until the sync is done.
            await Expect(section).ToHaveAttributeAsync("data-sync-state", "UpToDate", new() { Timeout = 240_000 });
            var done = await page.Locator("[data-sync-field=people]").InnerTextAsync();
            Assert.True(long.Parse(done.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) > 0, $"people synced: {done}");
            Assert.Contains("Initial people sync of account", ReadShared(survivor.LogPath), StringComparison.Ordinal);
            Assert.Matches(InitialDone(), ReadShared(survivor.LogPath));

            // Both instances served the journey's requests through the one public address.
            foreach (var app in new[] { topology.App1, topology.App2 })
            {
                var served = RequestLogged().Matches(ReadShared(app.LogPath)).Count;
                output.WriteLine($"{app.Name} served {served} requests");
                Assert.True(served > 0, $"{app.Name} served no request through the proxy");
            }
        }
        catch
        {
            foreach (var line in await Screenshots.SaveAsync(context, nameof(RehearsalTests)))
            {
                output.WriteLine(line);
            }

            throw;
        }
    }

    // An instance may still be writing its log.
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("\"RequestMethod\":\"(GET|POST)\"")]
    private static partial Regex RequestLogged();

    [GeneratedRegex("Initial people sync of account [^ ]+ done")]
    private static partial Regex InitialDone();

    private sealed record Instance(string Name, int ProcessId, string LogPath)
    {
        public void Kill() => Process.GetProcessById(ProcessId).Kill(entireProcessTree: true);
    }

    private sealed record Topology(string ProxyUrl, string SimulatorsUrl, Instance App1, Instance App2)
    {
        public static Topology FromEnvironment()
        {
            static string Need(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"{name} is not set: run this test through deploy/rehearse.sh (test.sh does).");
            return new(
                Need("SIA_REHEARSAL_URL"),
                Need("SIA_REHEARSAL_SIMULATORS_URL"),
                new("app1", int.Parse(Need("SIA_REHEARSAL_APP1_PID"), System.Globalization.CultureInfo.InvariantCulture), Need("SIA_REHEARSAL_APP1_LOG")),
                new("app2", int.Parse(Need("SIA_REHEARSAL_APP2_PID"), System.Globalization.CultureInfo.InvariantCulture), Need("SIA_REHEARSAL_APP2_LOG")));
        }

        /// <summary>The instance whose log says it holds the account's initial pass (each run logs it once).</summary>
        public async Task<Instance> WaitForInitialSyncRunnerAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                foreach (var app in new[] { App1, App2 })
                {
                    if (ReadShared(app.LogPath).Contains("Initial people sync of account", StringComparison.Ordinal))
                    {
                        return app;
                    }
                }

                await Task.Delay(250);
            }

            throw new TimeoutException("Neither instance started the initial people sync.");
        }

    }
}
