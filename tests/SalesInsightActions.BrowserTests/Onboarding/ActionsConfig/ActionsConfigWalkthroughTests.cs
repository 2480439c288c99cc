using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Onboarding.ActionsConfig;

public sealed class ActionsConfigWalkthroughTests(SandboxAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SandboxAppFixture>(fixture, output), IClassFixture<SandboxAppFixture>
{
    [Fact]
    public Task A_marketo_admin_verifies_the_sandbox_credentials_and_sends_an_invite() => InBrowserAsync(async page =>
    {
        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sales Insight", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Actions Config", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Actions Config");

        // The sandbox pre-fills the simulator's credentials.
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Verified.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Checkbox).First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send Invite", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice-banner")).ToHaveTextAsync("Invited 1 admin; they will get an email with a Get Started link.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Integration Information" })).ToBeVisibleAsync();

        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Walkthrough.SaveAsync(page, "step1-actions-config.en");
    });

    [Fact]
    public Task The_page_is_in_Chinese_for_a_Chinese_browser() => InBrowserAsync(async page =>
    {
        await page.GotoAsync("/admin/sales-insight/actions-config");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("操作配置");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "管理员", Exact = true })).ToBeVisibleAsync();

        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Walkthrough.SaveAsync(page, "step1-actions-config.zh-Hans");
    }, new BrowserNewContextOptions { Locale = "zh-CN" });
}
