using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;

namespace SalesInsightActions.BrowserTests.Onboarding;

/// <summary>The pages of the onboarding path a visitor sees before signing in, in both languages.</summary>
public sealed class PublicPagesAccessibilityTests(SandboxAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SandboxAppFixture>(fixture, output), IClassFixture<SandboxAppFixture>
{
    private static readonly string[] Pages =
    [
        "/", "/admin", "/admin/sales-insight", "/admin/sales-insight/actions-config", "/dev/mailbox", "/sign-in",
        "/invitations/accept?token=not-a-real-token",
    ];

    [Theory]
    [InlineData("en-US", "Sign in")]
    [InlineData("zh-CN", "登录")]
    public Task The_pages_before_sign_in_have_no_serious_accessibility_violations(string locale, string signInHeading) => InBrowserAsync(async page =>
    {
        foreach (var path in Pages)
        {
            await page.GotoAsync(path);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }

        // The language really was the one asked for (the last page before the bogus token).
        await page.GotoAsync("/sign-in");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(signInHeading);
    }, new BrowserNewContextOptions { Locale = locale });
}
