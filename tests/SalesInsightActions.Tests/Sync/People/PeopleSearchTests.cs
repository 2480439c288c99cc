using System.Text.RegularExpressions;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Sync.People;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Sync.People;

/// <summary>
/// People search answers "starts with" on name, last name, email and company, case-insensitively and without matching
/// inside a word, on each database through its own index path (a union of index ranges on PostgreSQL, index ranges
/// on the lower-cased copies on SQLite).
/// </summary>
public abstract class PeopleSearchTests : AppTest
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["PeopleSync:SchedulerEnabled"] = "false" };

    protected override async Task SeedAsync()
    {
        var account = await AccountSeeder.CreateAccountAsync(App, "Acme");
        await AccountSeeder.CreateActiveMemberAsync(App, account, "admin@acme.example", MemberRole.Admin, isOriginalUser: true);
        await using var scope = App.CreateScope(account, out var db);
        db.People.AddRange(
            Person(1, "Ada", "Lovelace", "ada@analytical.example", "Analytical Engines"),
            Person(2, "Grace", "Hopper", "grace@navy.example", "US Navy"),
            Person(3, "Alan", "Turing", "alan@bletchley.example", "Bletchley Park"),
            Person(4, "Adam", "Zadar", "zadar@adaline.example", "Navy Yard"),
            Person(5, "Zoë", "Ödön", "zoe@umlaut.example", "Ünïcode GmbH"));
        await db.SaveChangesAsync();
    }

    [Theory]
    [InlineData("ada", new long[] { 1, 4 })]
    [InlineData("ADA LOVE", new long[] { 1 })]
    [InlineData("hopper", new long[] { 2 })]
    [InlineData("navy", new long[] { 4 })]
    [InlineData("grace@navy", new long[] { 2 })]
    [InlineData("bletchley", new long[] { 3 })]
    [InlineData("ödön", new long[] { 5 })]
    [InlineData("ünï", new long[] { 5 })]
    [InlineData("lace", new long[] { })]
    [InlineData("z", new long[] { 4, 5 })]
    public async Task Search_finds_people_whose_name_last_name_email_or_company_starts_with_the_term(string term, long[] expected)
    {
        var client = await AccountSeeder.SignInAsync(App, "admin@acme.example");
        var page = await client.GetStringAsync($"/people?q={Uri.EscapeDataString(term)}");

        Assert.Equal(expected, Regex.Matches(page, "data-person=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static Person Person(long id, string first, string last, string email, string company) => new()
    {
        MarketoId = id, FirstName = first, LastName = last, Email = email, Company = company, FirstSyncedAt = DateTime.UtcNow, ChangedAt = DateTime.UtcNow,
        SalesforceOwnerId = "005000000000009AAA", SalesforceOwnerType = "Lead",
        SearchName = $"{first} {last}".ToLowerInvariant(), SearchLastName = last.ToLowerInvariant(), SearchEmail = email.ToLowerInvariant(), SearchCompany = company.ToLowerInvariant(),
    };
}

public sealed class PeopleSearchPostgresTests : PeopleSearchTests;

public sealed class PeopleSearchSqliteTests : PeopleSearchTests
{
    protected override bool UseSqlite => true;
}
