using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Onboarding;

public sealed class SetupTrackerTests(SandboxAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SandboxAppFixture>(fixture, output), IClassFixture<SandboxAppFixture>
{
    private static readonly string[] StepTitles =
    [
        "Set up the Sales account", "Connect to Salesforce", "Connect to Marketo", "Start the data sync",
        "Invite Users", "Install the package in Salesforce", "Configure Sales Insight Actions in Salesforce",
    ];

    [Fact]
    public Task A_fresh_sandbox_shows_step_one_not_started_and_the_rest_waiting_for_it() => InBrowserAsync(async page =>
    {
        await page.GotoAsync("/");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Set up Sandbox");
        var steps = page.GetByRole(AriaRole.List, new() { Name = "Setup steps" }).GetByRole(AriaRole.Listitem);
        await Expect(steps).ToHaveCountAsync(7);
        for (var i = 0; i < StepTitles.Length; i++)
        {
            var step = steps.Nth(i);
            await Expect(step.GetByRole(AriaRole.Heading)).ToHaveTextAsync(StepTitles[i]);
            await Expect(step.Locator(".step-status")).ToHaveTextAsync(i == 0 ? "Not started" : "Waiting for step 1");
        }
    });

    [Fact]
    public Task Choosing_simplified_Chinese_in_the_language_switcher_translates_the_page_and_survives_a_reload() => InBrowserAsync(async page =>
    {
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByLabel("Language").SelectOptionAsync(new SelectOptionValue { Label = "简体中文" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Change", Exact = true }).ClickAsync();

        await ExpectChineseTrackerAsync(page);
        await page.ReloadAsync();
        await ExpectChineseTrackerAsync(page);
        await Expect(page.GetByLabel("语言")).ToHaveValueAsync("zh-Hans");
    });

    [Fact]
    public Task A_browser_that_prefers_zh_CN_gets_the_tracker_in_Chinese_without_choosing() => InBrowserAsync(async page =>
    {
        await page.GotoAsync("/");

        await ExpectChineseTrackerAsync(page);
    }, new BrowserNewContextOptions { Locale = "zh-CN" });

    private static async Task ExpectChineseTrackerAsync(IPage page)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("设置 Sandbox");
        var steps = page.GetByRole(AriaRole.List, new() { Name = "设置步骤" }).GetByRole(AriaRole.Listitem);
        await Expect(steps).ToHaveCountAsync(7);
        await Expect(steps.Nth(1).GetByRole(AriaRole.Heading)).ToHaveTextAsync("连接到 Salesforce");
        await Expect(page.Locator(".step-status")).ToHaveTextAsync(["未开始", .. Enumerable.Repeat("等待第 1 步", 6)]);
    }
}
