using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Onboarding;

/// <summary>
/// Step 2 and steps 6–7 in sandbox mode, driven by the guide's labels: an admin connects Salesforce from Settings (English);
/// an admin hands off to a Salesforce admin who is not a member, who connects through the simulated Salesforce's own
/// sign-in and consent pages and sees the package checklist verified (Chinese, and the same in English).
/// </summary>
public sealed class SalesforceConnectionTests(SandboxAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SandboxAppFixture>(fixture, output), IClassFixture<SandboxAppFixture>
{
    private const string SalesforcePassword = "Sandbox-Pass-1";

    private sealed record Labels(
        string Locale, string Culture, string Connect, string Ok, string Tab, string Sandbox, string CreateHandoff, string CopyLink,
        string NewLink, string Continue, string Connected, string AllPassed, string PackageTab, string Recheck);

    private static readonly Labels English = new("en-US", "en", "Connect", "OK", "Connections & Customizations", "Sandbox", "Create hand-off link", "Copy link",
        "New hand-off link (shown only now)", "Continue to Salesforce", "Salesforce is connected", "All items passed.", "Package checklist", "Re-check");

    private static readonly Labels Chinese = new("zh-CN", "zh-Hans", "连接", "确定", "连接和自定义", "沙盒", "创建移交链接", "复制链接",
        "新的移交链接（仅此时显示）", "继续前往 Salesforce", "Salesforce 已连接", "所有项目均已通过。", "软件包检查清单", "重新检查");

    private static async Task SignInAsync(IPage page, string email, Labels labels)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel(labels.Culture == "en" ? "Email" : "电子邮件", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel(labels.Culture == "en" ? "Password" : "密码", new() { Exact = true }).FillAsync(AccountSeeder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = labels.Culture == "en" ? "Sign in" : "登录", Exact = true }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/sign-in"));
    }

    /// <summary>The simulated Salesforce's sign-in (shown because this browser has no Salesforce session) and consent pages.</summary>
    private static async Task SignInAtSalesforceAndAllowAsync(IPage page, string salesforceUser)
    {
        await Expect(page).ToHaveURLAsync(new Regex("/sandbox/services/oauth2/authorize"));
        await page.GetByLabel("Username").FillAsync(salesforceUser);
        await page.GetByLabel("Password").FillAsync(SalesforcePassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log In", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Allow Access?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task Admin_connects_Salesforce_from_Admin_Settings_and_rechecks_the_package()
    {
        var admin = await AccountSeeder.CreateAccountWithAdminAsync(App, $"Initech {Guid.NewGuid().ToString("N")[..8]}");
        await InBrowserAsync(async page =>
        {
            await SignInAsync(page, admin, English);
            await page.GotoAsync("/settings/salesforce");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Connections & Customizations", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true }).ClickAsync();

            await SignInAtSalesforceAndAllowAsync(page, "admin@sim-salesforce.example");

            await Expect(page).ToHaveURLAsync(new Regex("/settings/salesforce$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connected to Salesforce" })).ToBeVisibleAsync();
            await Expect(page.Locator("[data-fact=user]")).ToHaveTextAsync("admin@sim-salesforce.example");
            await Expect(page.Locator("[data-fact=environment]")).ToHaveTextAsync("Production");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await Walkthrough.SaveAsync(page, "step2-connect-salesforce.en");

            await page.GetByRole(AriaRole.Link, new() { Name = "Package checklist", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Re-check", Exact = true }).ClickAsync();
            await Expect(page.Locator("[data-checklist=verified]")).ToHaveTextAsync("All items passed.");
            await Expect(page.Locator(".package-checklist [data-status=Passed]")).ToHaveCountAsync(6);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await Walkthrough.SaveAsync(page, "step6-7-package-checklist.en");
        });
    }

    [Fact]
    public Task A_Salesforce_admin_follows_a_hand_off_link_in_Chinese_and_sees_the_checklist_verified() =>
        HandOffAsync(Chinese, "zh-Hans");

    [Fact]
    public Task A_Salesforce_admin_follows_a_hand_off_link_in_English_and_sees_the_checklist_verified() =>
        HandOffAsync(English, "en");

    private async Task HandOffAsync(Labels labels, string screenshotSuffix)
    {
        var accountName = $"Umbrella {Guid.NewGuid().ToString("N")[..8]}";
        var admin = await AccountSeeder.CreateAccountWithAdminAsync(App, accountName);
        var options = new BrowserNewContextOptions { Locale = labels.Locale };
        string link = "";
        await InBrowserAsync(async page =>
        {
            await SignInAsync(page, admin, labels);
            await page.GotoAsync("/settings/salesforce");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = labels.Tab, Exact = true })).ToBeVisibleAsync();
            await page.Locator(".salesforce-handoff").GetByLabel(labels.Sandbox, new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = labels.CreateHandoff, Exact = true }).ClickAsync();
            var field = page.GetByLabel(labels.NewLink, new() { Exact = true });
            await Expect(field).ToHaveValueAsync(new Regex("/connect/salesforce/"));
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = labels.CopyLink, Exact = true })).ToBeVisibleAsync();
            link = await field.InputValueAsync();
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            if (screenshotSuffix == "zh-Hans")
            {
                await Walkthrough.SaveAsync(page, "step2-handoff-link.zh-Hans");
            }
        }, options);

        // The Salesforce admin: another browser, no session in the app or at Salesforce.
        await InBrowserAsync(async page =>
        {
            await page.GotoAsync(link);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("main")).ToContainTextAsync(accountName);
            await Expect(page.Locator("main")).ToContainTextAsync(labels.Sandbox);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            await Walkthrough.SaveAsync(page, "step2-handoff." + screenshotSuffix);
            await page.GetByRole(AriaRole.Button, new() { Name = labels.Continue, Exact = true }).ClickAsync();

            await SignInAtSalesforceAndAllowAsync(page, "admin@sim-salesforce-sandbox.example");

            await Expect(page).ToHaveURLAsync(new Regex("/connect/salesforce/done$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(labels.Connected);
            await Expect(page.Locator("[data-checklist=verified]")).ToHaveTextAsync(labels.AllPassed);
            await Expect(page.Locator(".package-checklist [data-status=Passed]")).ToHaveCountAsync(6);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
            if (screenshotSuffix == "zh-Hans")
            {
                // The English checklist screenshot is the admin's own package page (the test above).
                await Walkthrough.SaveAsync(page, "step6-7-package-checklist.zh-Hans");
            }
        }, options);

        // Back at the admin: connected as the Salesforce admin, the link no longer pending.
        await InBrowserAsync(async page =>
        {
            await SignInAsync(page, admin, labels);
            await page.GotoAsync("/settings/salesforce");
            await Expect(page.Locator("[data-fact=user]")).ToHaveTextAsync("admin@sim-salesforce-sandbox.example");
            await Expect(page.Locator("table.handoffs")).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Link, new() { Name = labels.PackageTab, Exact = true }).ClickAsync();
            await Expect(page.Locator("[data-checklist=verified]")).ToHaveTextAsync(labels.AllPassed);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }, options);
    }
}
