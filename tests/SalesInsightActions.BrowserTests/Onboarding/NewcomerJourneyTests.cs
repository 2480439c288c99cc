using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Onboarding;

/// <summary>
/// The README's Quick start walkthrough as one newcomer clicks it, on a fresh database in sandbox mode, by the guide's
/// labels only: from <c>/</c> to a connected Sales account whose sync is up to date and whose people can be searched.
/// Its screenshots are the README's.
/// </summary>
public sealed class NewcomerJourneyTests(DeveloperSandboxAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<DeveloperSandboxAppFixture>(fixture, output), IClassFixture<DeveloperSandboxAppFixture>
{
    private const string MarketoAdmin = "marta.admin@sim-marketo.example";
    private const string NewPassword = "Journey-Pass-42";

    /// <summary>The sandbox's 2,500 simulated people sync in a minute or two; a sync that takes longer is broken.</summary>
    private static readonly TimeSpan SyncDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public Task A_newcomer_goes_from_the_home_page_to_an_up_to_date_sync_and_finds_a_person() => InBrowserAsync(async page =>
    {
        // Step 1 — Actions Config, reached from / without signing in; the sandbox pre-fills the simulator's credentials.
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sales Insight", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Actions Config", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Actions Config");
        await Expect(page.GetByLabel("Munchkin ID")).ToHaveValueAsync("123-ABC-456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice-banner")).ToContainTextAsync("Verified.");

        await page.GetByRole(AriaRole.Row, new() { Name = MarketoAdmin }).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send Invite", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice-banner")).ToContainTextAsync("Invited 1 admin;");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Integration Information" })).ToBeVisibleAsync();
        await Walkthrough.SaveAsync(page, "step1-actions-config.en");

        // The invitation, from the dev mailbox in the header; its accept link; a password: signed in as the original user.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dev mailbox", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Row, new() { Name = MarketoAdmin }).GetByRole(AriaRole.Link).ClickAsync();
        await Walkthrough.SaveAsync(page, "step1-dev-mailbox.en");
        await page.Locator(".message-links a[href*='/invitations/accept?token=']").ClickAsync();
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(NewPassword);
        await Walkthrough.SaveAsync(page, "step1-accept-invitation.en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in", Exact = true }).ClickAsync();
        await Expect(page.Locator(".signed-in-as")).ToHaveTextAsync(MarketoAdmin);
        await Expect(page.Locator("li[data-step=\"1\"] .step-status")).ToHaveTextAsync("Done");
        await Walkthrough.SaveAsync(page, "tracker.en");

        // Step 3 — Settings (gear) → Admin Settings → Marketo → Connect, with the Actions Config credentials.
        await OpenAdminSettingsAsync(page, "Marketo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).First.ClickAsync();
        await Expect(page.Locator(".notice-banner")).ToHaveTextAsync("Marketo is connected.");
        await Expect(page.Locator("#marketo-connected-by")).ToHaveTextAsync(MarketoAdmin);
        await Walkthrough.SaveAsync(page, "step3-connect-marketo.en");

        // Step 2 — Admin Settings → Salesforce → Connections & Customizations → Connect → OK → the simulator's sign-in and consent.
        await OpenAdminSettingsAsync(page, "Salesforce");
        await page.GetByRole(AriaRole.Link, new() { Name = "Connections & Customizations", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/sandbox/services/oauth2/authorize"));
        await page.GetByLabel("Username").FillAsync("admin@sim-salesforce.example");
        await page.GetByLabel("Password").FillAsync("Sandbox-Pass-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log In", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connected to Salesforce" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-fact=user]")).ToHaveTextAsync("admin@sim-salesforce.example");
        await Walkthrough.SaveAsync(page, "step2-connect-salesforce.en");

        // Step 4 — Actions Config → Action Field Sync → Sync: the preview of the 13 fields → Start Sync → confirm.
        await MainNavigation(page).GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Actions Config", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Region, new() { Name = "Action Field Sync" }).GetByRole(AriaRole.Link, new() { Name = "Sync", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Action Field Sync");
        await Expect(page.Locator(".field-sync-fields tbody tr")).ToHaveCountAsync(13);
        await Expect(page.Locator("[data-count=will-sync]")).ToContainTextAsync("estimated from a sample");
        await Walkthrough.SaveAsync(page, "step4-field-sync-preview.en");
        await Accessibility.AssertNoSeriousViolationsInEnglishAndChineseAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Start Sync", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Start Sync");
        await Walkthrough.SaveAsync(page, "step4-start-sync.en");
        await Accessibility.AssertNoSeriousViolationsInEnglishAndChineseAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start Sync", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice-banner")).ToContainTextAsync("The data sync has started.");

        // The sync page: live progress until the initial sync is done.
        await MainNavigation(page).GetByRole(AriaRole.Link, new() { Name = "Sync", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sync");
        var status = page.Locator("[data-sync-field=status]");
        await Expect(status).ToHaveTextAsync(new Regex("^(Queued|Running)"));
        // The page reloads itself when the state changes; once running, its numbers move without a reload.
        var deadline = new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)SyncDeadline.TotalMilliseconds };
        await Expect(page.Locator(".sync-status")).ToHaveAttributeAsync("data-sync-state", "Running", deadline);
        await Expect(page.Locator("[data-sync-field=done]")).Not.ToHaveTextAsync("0", new() { Timeout = deadline.Timeout });
        await Walkthrough.SaveAsync(page, "step4-sync-running.en");
        await Expect(status).ToHaveTextAsync("Up to date.", new() { Timeout = (float)SyncDeadline.TotalMilliseconds });
        var progress = page.Locator("#sync-progress");
        Assert.Equal(await progress.GetAttributeAsync("max"), await progress.GetAttributeAsync("value"));
        await Expect(page.Locator("[data-sync-field=percent]")).ToHaveTextAsync("100");
        await Walkthrough.SaveAsync(page, "step4-sync-up-to-date.en");
        await Accessibility.AssertNoSeriousViolationsInEnglishAndChineseAsync(page);

        // People: search a synced person by name and open their page.
        await MainNavigation(page).GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        var firstPerson = page.Locator("table.people tbody tr").First.GetByRole(AriaRole.Link);
        var name = (await firstPerson.InnerTextAsync()).Trim();
        await page.GetByRole(AriaRole.Search).GetByLabel("Search").FillAsync(name);
        await page.GetByRole(AriaRole.Search).GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/people\\?q="));
        var match = page.Locator("table.people tbody").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First;
        await Expect(match).ToBeVisibleAsync();
        await Walkthrough.SaveAsync(page, "people-search.en");
        await Accessibility.AssertNoSeriousViolationsInEnglishAndChineseAsync(page);
        await match.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/people/[0-9]+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        await Expect(page.Locator("[data-field=sfdcOwnerId]")).Not.ToHaveTextAsync("—");
        await Walkthrough.SaveAsync(page, "person.en");
        await Accessibility.AssertNoSeriousViolationsInEnglishAndChineseAsync(page);
    });

    private static ILocator MainNavigation(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });

    /// <summary>Settings (gear) → Admin Settings → <paramref name="section"/>.</summary>
    private static async Task OpenAdminSettingsAsync(IPage page, string section)
    {
        await MainNavigation(page).GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Admin Settings" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = section, Exact = true }).ClickAsync();
    }
}
