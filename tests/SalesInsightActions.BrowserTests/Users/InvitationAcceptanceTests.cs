using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Users;

public sealed class InvitationAcceptanceTests(ProductAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<ProductAppFixture>(fixture, output), IClassFixture<ProductAppFixture>
{
    [Fact]
    public async Task Invitee_follows_get_started_in_the_delivered_email_sets_a_password_and_lands_signed_in()
    {
        var admin = await AccountSeeder.CreateAccountWithAdminAsync(App, "Globex");
        var invitee = AccountSeeder.UniqueEmail("invitee");

        // The admin, at their own computer, invites a new admin.
        await InBrowserAsync(async page =>
        {
            await SignInPage.SignInAsync(page, admin);
            await InvitePage.InviteOneAsync(page, invitee, "Admin");
        });

        // The message really went out over SMTP.
        var email = await Maildev.WaitForMessageToAsync(invitee);
        Assert.Equal("You are invited to Globex on Sales Insight Actions", email.Subject);

        // The invitee, in a browser of their own, opens the email and clicks its button.
        await InBrowserAsync(async page =>
        {
            await InvitePage.OpenGetStartedAsync(page, email);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Join Globex");
            await Expect(page.GetByText($"You were invited as {invitee}.")).ToBeVisibleAsync();
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Brand-New-Pass-7");
            await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync("Brand-New-Pass-7");
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in", Exact = true }).ClickAsync();

            // Home shows the invitee's own account (an anonymous visitor gets "No Sales account yet").
            await Expect(page).ToHaveURLAsync(App.BaseUrl.ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Set up Globex");

            // Signed in as an active admin: User Management opens and lists them as Active.
            await page.GotoAsync("/users");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("User Management");
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = invitee })).ToContainTextAsync("Active");
        });
    }
}
