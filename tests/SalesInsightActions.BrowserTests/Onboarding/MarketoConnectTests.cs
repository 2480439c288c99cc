using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using SalesInsightActions.Web.Connections.Marketo;
using SalesInsightActions.Web.Infrastructure.Sandbox;
using SalesInsightActions.Web.Onboarding.ActionsConfig;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Onboarding;

/// <summary>Step 3 in sandbox mode: the guide's path Settings → Admin Settings → Marketo → Connect, against the in-process simulator.</summary>
public sealed class MarketoConnectTests(SandboxAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SandboxAppFixture>(fixture, output), IClassFixture<SandboxAppFixture>
{
    [Fact]
    public Task A_signed_in_admin_connects_Marketo_from_the_gear_with_the_actions_config_credentials() => InBrowserAsync(async page =>
    {
        var admin = AccountSeeder.UniqueEmail("marketo-admin");
        var accountId = App.Services.GetRequiredService<SandboxAccount>().AccountId!.Value;
        await AccountSeeder.CreateActiveMemberAsync(App, accountId, admin);
        await using (var scope = App.CreateScope(accountId, out var db))
        {
            // A new account starts in "all login methods" (step 1), so its first admin has a password.
            (await db.SalesAccounts.SingleAsync(a => a.Id == accountId)).LoginManagement = SalesInsightActions.Web.Accounts.LoginManagement.AllLoginMethods;
            // What step 1 (Actions Config) stores once the simulator accepted the API user's credentials.
            await scope.ServiceProvider.GetRequiredService<ActionsConfigCredentialStore>().StageAsync(
                new MarketoConnection(App.Url("sandbox/"), "sim-marketo-client-id", "sim-marketo-client-secret"), "123-ABC-456");
            await db.SaveChangesAsync();
        }

        await SignInPage.SignInAsync(page, admin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Admin Settings" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Marketo", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Marketo", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).First.ClickAsync();

        await Expect(page.Locator(".notice-banner")).ToHaveTextAsync("Marketo is connected.");
        await Expect(page.Locator("#marketo-munchkin")).ToHaveTextAsync("123-ABC-456");
        await Expect(page.Locator("#marketo-endpoint")).ToHaveTextAsync(App.Url("sandbox").ToString());
        await Expect(page.Locator("#marketo-connected-by")).ToHaveTextAsync(admin);
        await Expect(page.Locator("#marketo-calls-today")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9,]+$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Disconnect" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Walkthrough.SaveAsync(page, "step3-connect-marketo.en");

        await page.GotoAsync("/");
        var marketoStep = page.Locator("li[data-step=\"3\"]");
        await Expect(marketoStep.Locator(".step-status")).ToHaveTextAsync("Done");
        await Expect(marketoStep.Locator(".step-done-by")).ToContainTextAsync(admin);
        await Expect(marketoStep.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "/settings/marketo");
        await Walkthrough.SaveAsync(page, "tracker.en");

        await using var check = App.CreateScope(accountId, out var after);
        Assert.Equal(1, await after.MarketoConnections.CountAsync());
    });
}
