using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Users;

/// <summary>"Sign in with Microsoft" through the Entra-like issuer the sandbox mounts under /sandbox.</summary>
public sealed class MicrosoftSignInTests(SandboxAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<SandboxAppFixture>(fixture, output), IClassFixture<SandboxAppFixture>
{
    // The simulated tenant's seeded user.
    private const string EntraUser = "user@sim-entra.example";
    private const string EntraPassword = "Sandbox-Pass-1";

    [Fact]
    public async Task Member_signs_in_with_Microsoft_through_the_entra_sign_in_page_and_lands_signed_in()
    {
        await AccountSeeder.CreateAccountWithAdminAsync(App, "Contoso", adminEmail: EntraUser, entraSso: true);
        // In sandbox mode an anonymous visitor's sign-in page speaks for the sandbox account (EntraSsoOffer): the button
        // is offered only once that account allows Microsoft sign-in too.
        await using (App.CreateScope(null, out var db))
        {
            await db.SalesAccounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.EntraSsoEnabled, true));
        }

        await InBrowserAsync(async page =>
        {
            await page.GotoAsync("/sign-in");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft", Exact = true }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex($"/sandbox/{SandboxAppFixture.EntraTenantId}/oauth2/v2.0/authorize"));
            await page.GetByLabel("Email").FillAsync(EntraUser);
            await page.GetByLabel("Password").FillAsync(EntraPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

            await Expect(page).ToHaveURLAsync(App.BaseUrl.ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Set up Contoso");
            await page.GotoAsync("/users");
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = EntraUser })).ToContainTextAsync("Active");
        });
    }
}
