using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Users;

public sealed class InviteUsersTests(ProductAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<ProductAppFixture>(fixture, output), IClassFixture<ProductAppFixture>
{
    [Fact]
    public Task Bad_addresses_are_flagged_while_typing_before_anything_is_sent() => InBrowserAsync(async page =>
    {
        var admin = await AccountSeeder.CreateAccountWithAdminAsync(App, "Acme");
        await SignInPage.SignInAsync(page, admin);
        await page.GotoAsync("/users/invite");
        var box = page.GetByLabel("Email addresses");
        var check = page.Locator("#emails-check");

        await box.PressSequentiallyAsync("good@acme.example, bad@, GOOD@acme.example");

        await Expect(check).ToContainTextAsync("Not a valid email address: bad@");
        await Expect(check).ToContainTextAsync("Listed more than once: GOOD@acme.example");
        await Expect(box).ToHaveAttributeAsync("aria-invalid", "true");

        await box.FillAsync("good@acme.example");
        await box.DispatchEventAsync("input");
        await Expect(check.Locator("li")).ToHaveCountAsync(0);
        await Expect(box).ToHaveAttributeAsync("aria-invalid", "false");
    });

    [Fact]
    public Task Admin_signs_in_invites_two_people_one_into_a_team_and_sees_both_pending_in_the_members_list() => InBrowserAsync(async page =>
    {
        var admin = await AccountSeeder.CreateAccountWithAdminAsync(App, "Acme");
        var closer = AccountSeeder.UniqueEmail("closer");
        var newcomer = AccountSeeder.UniqueEmail("newcomer");

        await SignInPage.SignInAsync(page, admin);
        // The guide's path: User Management → Actions → Invite Users.
        await page.GotoAsync("/users");
        await page.Locator("summary", new() { HasTextString = "Actions" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Invite Users", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invite Users", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Email addresses").FillAsync(closer);
        await page.GetByLabel("Team (optional)").FillAsync("Inside Sales");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await ExpectInvitedAsync(page, closer);

        // The form keeps the team for the next batch; the second person joins no team of their own.
        await page.GetByLabel("Email addresses").FillAsync(newcomer);
        await page.GetByLabel("Team (optional)").ClearAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await ExpectInvitedAsync(page, newcomer);

        await page.GotoAsync("/users");
        var closerRow = page.GetByRole(AriaRole.Row, new() { Name = closer });
        var newcomerRow = page.GetByRole(AriaRole.Row, new() { Name = newcomer });
        await Expect(closerRow).ToContainTextAsync("Invited (pending)");
        await Expect(newcomerRow).ToContainTextAsync("Invited (pending)");
        await Expect(closerRow.GetByRole(AriaRole.Cell).Nth(4)).ToHaveTextAsync("Everyone, Inside Sales");
        await Expect(newcomerRow.GetByRole(AriaRole.Cell).Nth(4)).ToHaveTextAsync("Everyone");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = admin })).ToContainTextAsync("Active");
    });

    private static async Task ExpectInvitedAsync(IPage page, string email)
    {
        var result = page.Locator(".invite-result");
        await Expect(result.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Invited 1, skipped 0");
        await Expect(result.GetByRole(AriaRole.Listitem)).ToHaveTextAsync($"{email}: Invited. They will get an email with a Get Started link.");
    }
}
