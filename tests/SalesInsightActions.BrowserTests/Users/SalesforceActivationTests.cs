using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Users;

/// <summary>Activation through the simulated Salesforce mounted in sandbox mode (its own sign-in and consent pages).</summary>
public sealed class SalesforceActivationTests(SandboxAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SandboxAppFixture>(fixture, output), IClassFixture<SandboxAppFixture>
{
    // The simulator's seeded Standard User; the invitation must be for the same address.
    private const string SalesforceUser = "rep@sim-salesforce.example";
    private const string SalesforcePassword = "Sandbox-Pass-1";

    [Fact]
    public async Task Invitee_activates_with_Salesforce_through_its_sign_in_and_consent_pages_and_lands_signed_in()
    {
        // The address is fixed by the simulator, so a unique account name makes this run's email findable in the shared inbox.
        var accountName = $"Umbrella {Guid.NewGuid().ToString("N")[..8]}";
        var admin = await AccountSeeder.CreateAccountWithAdminAsync(App, accountName);
        await InBrowserAsync(async page =>
        {
            await SignInPage.SignInAsync(page, admin);
            await InvitePage.InviteOneAsync(page, SalesforceUser, "Admin");
        });
        var email = await Maildev.WaitForMessageToAsync(SalesforceUser, $"You are invited to {accountName} on Sales Insight Actions");

        await InBrowserAsync(async page =>
        {
            await InvitePage.OpenGetStartedAsync(page, email);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Join {accountName}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Activate with Salesforce", Exact = true }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/sandbox/services/oauth2/authorize"));
            await page.GetByLabel("Username").FillAsync(SalesforceUser);
            await page.GetByLabel("Password").FillAsync(SalesforcePassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log In", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Allow Access?" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();

            await Expect(page).ToHaveURLAsync(App.BaseUrl.ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Set up {accountName}");
            await page.GotoAsync("/users");
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = SalesforceUser })).ToContainTextAsync("Active");
        });
    }
}
