using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>The /sign-in form, driven as a person would.</summary>
public static class SignInPage
{
    public static async Task SignInAsync(IPage page, string email, string password = AccountSeeder.Password)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        // The form redirects home on success; on failure it stays on /sign-in with an alert.
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }
}
