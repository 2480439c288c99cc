using Microsoft.Playwright;
using SalesInsightActions.BrowserTests.TestInfrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.Users;

public sealed class CsvInviteTests(ProductAppFixture fixture, ITestOutputHelper output)
    : BrowserTest<ProductAppFixture>(fixture, output), IClassFixture<ProductAppFixture>
{
    private const string WillBeInvited = "Will be invited.";
    private const string NotAnEmail = "This is not a valid email address.";
    private const string Duplicate = "This email address appears more than once; it is invited once.";

    [Fact]
    public async Task Admin_uploads_a_csv_confirms_the_guessed_mapping_reviews_every_rows_verdict_and_invites()
    {
        var admin = await AccountSeeder.CreateAccountWithAdminAsync(App, "Initech");
        var ana = AccountSeeder.UniqueEmail("ana");
        var bo = AccountSeeder.UniqueEmail("bo");
        var cy = AccountSeeder.UniqueEmail("cy");
        // Columns in another order than the template, headers spelled differently, one bad address, one repeat (other case).
        var csv = string.Join("\r\n",
            "Role,Team,E-mail Address,Last Name,First Name",
            $"admin,Field Sales,{ana},Lopez,Ana",
            "standard,Field Sales,not-an-email,Nobody,Nora",
            $",,{bo},Chen,Bo",
            $"standard,,{ana.ToUpperInvariant()},Lopez,Ana",
            $"standard,Inside Sales,{cy},,Cy") + "\r\n";
        var folder = Directory.CreateTempSubdirectory("sia-browser-csv-");
        var file = Path.Combine(folder.FullName, "new-reps.csv");
        await File.WriteAllTextAsync(file, csv);

        try
        {
            await InBrowserAsync(async page =>
            {
                await SignInPage.SignInAsync(page, admin);
                await page.GotoAsync("/users");
                await page.Locator("summary", new() { HasTextString = "Actions" }).ClickAsync();
                await page.GetByRole(AriaRole.Link, new() { Name = "Invite Users via CSV", Exact = true }).ClickAsync();
                await page.GetByLabel("CSV file").SetInputFilesAsync(file);
                await page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();

                // Mapping: every field guessed from its header, whatever the column order (values are column indexes).
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm field mapping", Level = 1 })).ToBeVisibleAsync();
                await Expect(page.GetByText("File: new-reps.csv")).ToBeVisibleAsync();
                await Expect(page.GetByLabel("Email (required)")).ToHaveValueAsync("2");
                await Expect(page.GetByLabel("First name (optional)")).ToHaveValueAsync("4");
                await Expect(page.GetByLabel("Last name (optional)")).ToHaveValueAsync("3");
                await Expect(page.GetByLabel("Team (optional)")).ToHaveValueAsync("1");
                await Expect(page.GetByLabel("Role (optional)")).ToHaveValueAsync("0");
                await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();

                // Dry run: nothing sent yet, and a verdict for every row.
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review and invite", Level = 1 })).ToBeVisibleAsync();
                await Expect(page.Locator(".will-invite-count")).ToHaveTextAsync("3 people will be invited.");
                await Expect(page.Locator(".skip-count")).ToHaveTextAsync("2 rows will be skipped:");
                await Expect(page.GetByText("New teams to create: Field Sales, Inside Sales")).ToBeVisibleAsync();
                var rows = page.Locator("table.csv-verdicts tbody tr");
                await Expect(rows).ToHaveCountAsync(5);
                await ExpectVerdictAsync(rows.Nth(0), 1, ana, "Ana Lopez", "Admin", WillBeInvited);
                await ExpectVerdictAsync(rows.Nth(1), 2, "not-an-email", "Nora Nobody", "standard", NotAnEmail);
                await ExpectVerdictAsync(rows.Nth(2), 3, bo, "Bo Chen", "Standard user", WillBeInvited);
                await ExpectVerdictAsync(rows.Nth(3), 4, ana.ToUpperInvariant(), "Ana Lopez", "standard", Duplicate);
                await ExpectVerdictAsync(rows.Nth(4), 5, cy, "Cy", "Standard user", WillBeInvited);

                await page.GetByRole(AriaRole.Button, new() { Name = "Invite 3 people", Exact = true }).ClickAsync();

                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invitations sent", Level = 1 })).ToBeVisibleAsync();
                await Expect(page.Locator(".invited-count")).ToHaveTextAsync("Invited 3, skipped 2");
                var skipped = page.Locator("table.csv-verdicts tbody tr");
                await Expect(skipped).ToHaveCountAsync(2);
                await Expect(skipped.Nth(0)).ToContainTextAsync(NotAnEmail);
                await Expect(skipped.Nth(1)).ToContainTextAsync(Duplicate);

                await page.GetByRole(AriaRole.Link, new() { Name = "Back to User Management" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Row, new() { Name = ana })).ToContainTextAsync("Invited (pending)");
                await Expect(page.GetByRole(AriaRole.Row, new() { Name = bo })).ToContainTextAsync("Invited (pending)");
                await Expect(page.GetByRole(AriaRole.Row, new() { Name = cy })).ToContainTextAsync("Invited (pending)");
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task ExpectVerdictAsync(ILocator row, int sourceRow, string email, string name, string role, string result)
    {
        await Expect(row).ToHaveAttributeAsync("data-row", sourceRow.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var cells = row.GetByRole(AriaRole.Cell);
        await Expect(cells.Nth(1)).ToHaveTextAsync(email);
        await Expect(cells.Nth(2)).ToHaveTextAsync(name);
        await Expect(cells.Nth(4)).ToHaveTextAsync(role);
        await Expect(cells.Nth(5)).ToHaveTextAsync(result);
    }
}
