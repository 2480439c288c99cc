using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>The /users/invite box, driven by a signed-in admin.</summary>
public static class InvitePage
{
    /// <summary>Invites one person with the given role label ("Admin" or "Standard user") and waits for the confirmation.</summary>
    public static async Task InviteOneAsync(IPage page, string email, string roleLabel)
    {
        await page.GotoAsync("/users/invite");
        await page.GetByLabel("Email addresses").FillAsync(email);
        await page.GetByLabel("Role").SelectOptionAsync(new SelectOptionValue { Label = roleLabel });
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await Expect(page.Locator(".invite-result").GetByRole(AriaRole.Heading)).ToHaveTextAsync("Invited 1, skipped 0");
    }

    /// <summary>Shows a received invitation email in <paramref name="page"/> and clicks its Get Started button, as the invitee would.</summary>
    public static async Task OpenGetStartedAsync(IPage page, MaildevMessage email)
    {
        await page.SetContentAsync(email.Html ?? throw new InvalidOperationException("The invitation email has no HTML part."));
        await page.GetByRole(AriaRole.Link, new() { Name = "Get Started", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/invitations/accept\\?token="));
    }
}
