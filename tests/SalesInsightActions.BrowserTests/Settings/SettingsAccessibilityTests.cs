using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Settings;

/// <summary>axe scans of the settings shell's pages, in English and in Chinese.</summary>
public sealed class SettingsAccessibilityTests(SandboxAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SandboxAppFixture>(fixture, output), IClassFixture<SandboxAppFixture>
{
    private static readonly string[] Pages = ["/settings", "/settings/marketo", "/settings/audit-log", "/", "/users"];

    [Theory]
    [InlineData("en", "Settings", "Setup")]
    [InlineData("zh-CN", "设置", "初始设置")]
    public async Task The_settings_pages_have_no_serious_accessibility_violations(string locale, string settingsLabel, string trackerLabel)
    {
        var admin = await AccountSeeder.CreateAccountWithAdminAsync(App, "Acme");
        await InBrowserAsync(async page =>
        {
            await SignInPage.SignInAsync(page, admin);
            if (locale == "zh-CN")
            {
                await page.GetByLabel("Language").SelectOptionAsync(new SelectOptionValue { Label = "简体中文" });
                await page.GetByRole(AriaRole.Button, new() { Name = "Change", Exact = true }).ClickAsync();
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
            }

            await Expect(page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = settingsLabel, Exact = true })).ToBeVisibleAsync();
            await Expect(page.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = trackerLabel, Exact = true })).ToBeVisibleAsync();
            foreach (var path in Pages)
            {
                await page.GotoAsync(path);
                await Accessibility.AssertNoSeriousViolationsAsync(page);
            }

            if (locale == "zh-CN")
            {
                await page.GotoAsync("/");
                await Walkthrough.SaveAsync(page, "tracker.zh-Hans");
            }
        });
    }
}
