using System.Net;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Sync.Diagnostics;
using SalesInsightActions.Web.Sync.People;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Infrastructure.Web;

/// <summary>
/// The list pages at two sizes. Each runs the same small number of database commands whatever the size of the account (no N+1), and its
/// HTML stays within the page weight budget at the larger size. Two accounts on one database: a small one and a large
/// one (300 members, 2,000 people, 1,000 activities on one person, 500 audit entries, 300 rejected people).
/// </summary>
public sealed class PagesAtScaleTests : AppTest
{
    /// <summary>
    /// The most commands any page may run (sign-in and account checks included). /sync is the busiest: state, people
    /// count, rejections, throughput and the failed-write counts of the Diagnostics pages, on top of the sign-in checks.
    /// What this test guards is that the count does not grow with the data.
    /// </summary>
    private const int MaxCommands = 12;

    /// <summary>The page weight budget for a page's HTML.</summary>
    private const int MaxHtmlBytes = 100 * 1024;

    private static readonly Size Small = new("small", Members: 3, People: 10, Activities: 10, AuditEntries: 10, Rejected: 3);
    private static readonly Size Large = new("large", Members: 300, People: 2_000, Activities: 1_000, AuditEntries: 500, Rejected: 300);

    public static TheoryData<string> Pages => new()
    {
        "/users",
        "/people",
        "/people?q=pers",
        "/people/1",
        "/sync",
        "/sync?handler=Status",
        "/settings/audit-log",
        "/sync/diagnostics/salesforce",
        "/sync/diagnostics/salesforce?group=" + ActivityDiagnostics.GroupId(FailureReason),
    };

    /// <summary>Why every third activity's Salesforce write failed (a Diagnostics group).</summary>
    private const string FailureReason = "Salesforce refused the Task: FIELD_CUSTOM_VALIDATION_EXCEPTION.";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["PeopleSync:SchedulerEnabled"] = "false",
    };

    protected override async Task SeedAsync()
    {
        foreach (var size in new[] { Small, Large })
        {
            await SeedAccountAsync(size);
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_runs_the_same_few_commands_for_a_small_and_a_large_account(string url)
    {
        var small = await CommandsAsync(Small, url);
        var large = await CommandsAsync(Large, url);

        Assert.True(large.Commands.Count <= MaxCommands, $"{url} ran {large.Commands.Count} commands:\n{string.Join("\n---\n", large.Commands)}");
        Assert.True(small.Commands.Count == large.Commands.Count,
            $"{url}: {small.Commands.Count} commands for the small account, {large.Commands.Count} for the large one:\n{string.Join("\n---\n", large.Commands)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_html_stays_within_the_weight_budget_for_the_large_account(string url)
    {
        var (_, body) = await CommandsAsync(Large, url);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(body) < MaxHtmlBytes, $"{url} weighs {System.Text.Encoding.UTF8.GetByteCount(body):N0} bytes");
    }

    [Fact]
    public async Task People_pages_by_keyset_from_first_to_last()
    {
        var client = await AccountSeeder.SignInAsync(App, Large.AdminEmail);
        var seen = new List<long>();
        var url = "/people?q=person1";
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 30, "too many pages");
            var page = await client.GetStringAsync(url);
            seen.AddRange(System.Text.RegularExpressions.Regex.Matches(page, "data-person=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
            url = NextLink(page, "people-next");
            Assert.Equal(pages > 0, page.Contains("id=\"people-first\"", StringComparison.Ordinal));
        }

        // "person1" starts the names of person1, person10–19, person100–199 and person1000–1999: 1,111 people, in order, once each.
        Assert.Equal(1_111, seen.Count);
        Assert.Equal(seen.Order().ToList(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Timeline_shows_a_page_of_activities_newest_first_and_links_to_older_ones()
    {
        var client = await AccountSeeder.SignInAsync(App, Large.AdminEmail);
        var first = await client.GetStringAsync("/people/1");
        Assert.Equal(PersonTimeline.PageSize, System.Text.RegularExpressions.Regex.Matches(first, "data-activity=").Count);
        Assert.DoesNotContain("id=\"activities-newest\"", first);

        var shown = 0;
        string? url = "/people/1";
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 100, "too many pages");
            var page = await client.GetStringAsync(url);
            shown += System.Text.RegularExpressions.Regex.Matches(page, "data-activity=").Count;
            url = NextLink(page, "activities-older");
        }

        Assert.Equal(Large.Activities, shown);
    }

    /// <summary>
    /// Keyset pages deep in a long list cost what the first does: the query of an older page bounds the index scan at the
    /// cursor ("time &lt;= cursor" in the Index Cond), instead of reading every newer row and filtering them out. Checked on
    /// the plan PostgreSQL makes for the command the page ran, with fresh statistics and sequential scans off so the small
    /// test tables are read through an index as the large ones are.
    /// </summary>
    [Theory]
    [InlineData("/people/1", "activities-older", "OccurredAt")]
    [InlineData("/settings/audit-log", "audit-older", "At")]
    [InlineData("/sync/diagnostics/salesforce", "diagnostics-older", "CreatedAt")]
    [InlineData("/sync/diagnostics/salesforce?group=placeholder", "diagnostics-older", "CreatedAt")]
    public async Task An_older_page_starts_its_index_scan_at_the_cursor(string url, string olderLink, string timeColumn)
    {
        var client = await AccountSeeder.SignInAsync(App, Large.AdminEmail);
        url = url.Replace("placeholder", ActivityDiagnostics.GroupId(FailureReason), StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            url = NextLink(await client.GetStringAsync(url), olderLink) ?? throw new Xunit.Sdk.XunitException($"no {olderLink} link on {url}");
        }

        var (response, _, commands) = await QueryCounter.GetAsync(client, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var conditions = new List<string>();
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        // Statistics as a long-running database has them (the rows were just seeded), then the plan the page's command gets.
        await using (var off = new Npgsql.NpgsqlCommand("ANALYZE; SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        foreach (var command in commands.Where(c => c.WithParameters is not null && c.Sql.Contains($"\"{timeColumn}\"", StringComparison.Ordinal)))
        {
            await using var explain = command.WithParameters!;
            explain.Connection = connection;
            explain.CommandText = "EXPLAIN (FORMAT JSON) " + command.Sql;
            var plan = (string)(await explain.ExecuteScalarAsync())!;
            conditions.AddRange(System.Text.RegularExpressions.Regex.Matches(plan, "\"Index Cond\": \"((?:[^\"\\\\]|\\\\.)*)\"").Select(m => m.Groups[1].Value));
        }

        Assert.True(conditions.Any(c => c.Contains($"{timeColumn}\\\" <=", StringComparison.Ordinal)), $"index conditions of {url}:\n{string.Join("\n", conditions)}");
    }

    [Fact]
    public async Task Users_pages_by_keyset_and_the_seat_count_covers_every_page()
    {
        var client = await AccountSeeder.SignInAsync(App, Large.AdminEmail);
        var emails = new List<string>();
        string? url = "/users";
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 10, "too many pages");
            var page = await client.GetStringAsync(url);
            Assert.Contains("data-seats-used=\"90\"", page);
            emails.AddRange(System.Text.RegularExpressions.Regex.Matches(page, "data-member=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
            url = NextLink(page, "members-next");
        }

        Assert.Equal(Large.Members, emails.Count);
        Assert.Equal(Large.Members, emails.Distinct().Count());
    }

    [Theory]
    [InlineData("/people", "text/html")]
    [InlineData("/sync?handler=Status", "application/json")]
    public async Task Html_and_json_are_compressed_for_clients_that_accept_it(string url, string mediaType)
    {
        var client = await AccountSeeder.SignInAsync(App, Large.AdminEmail);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task Versioned_static_files_are_cached_for_a_year_and_unversioned_ones_revalidate()
    {
        var client = await AccountSeeder.SignInAsync(App, Large.AdminEmail);
        var page = await client.GetStringAsync("/sync");
        var script = System.Text.RegularExpressions.Regex.Match(page, "src=\"(/js/sync-status\\.js\\?v=[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(script);

        using var versioned = await client.GetAsync(script);
        using var plain = await client.GetAsync("/js/sync-status.js");

        Assert.Equal("public, max-age=31536000, immutable", versioned.Headers.CacheControl?.ToString());
        Assert.True(plain.Headers.CacheControl?.NoCache);
    }

    private static string? NextLink(string page, string id)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, $"<a[^>]*id=\"{id}\"[^>]*href=\"([^\"]+)\"|<a[^>]*href=\"([^\"]+)\"[^>]*id=\"{id}\"");
        return match.Success ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value) : null;
    }

    private async Task<(IReadOnlyList<RecordedCommand> Commands, string Body)> CommandsAsync(Size size, string url)
    {
        var client = await AccountSeeder.SignInAsync(App, size.AdminEmail);
        // The first request of a client warms caches (localization, the member's claims) that later requests reuse.
        await client.GetAsync(url);
        var (response, body, commands) = await QueryCounter.GetAsync(client, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (commands, body);
    }

    private async Task SeedAccountAsync(Size size)
    {
        var account = await AccountSeeder.CreateAccountAsync(App, size.Name);
        var admin = await AccountSeeder.CreateActiveMemberAsync(App, account, size.AdminEmail, MemberRole.Admin, isOriginalUser: true);
        await using var scope = App.CreateScope(account, out var db);
        var now = DateTime.UtcNow;
        for (var i = 1; i < size.Members; i++)
        {
            // Seats end at 100: the rest of a large account are deactivated members, as an account that has been used for years.
            var status = i < 90 ? (i % 3 == 1 ? MemberStatus.Invited : MemberStatus.Active) : MemberStatus.Deactivated;
            var email = $"member{i}@{size.Name}.example";
            db.Members.Add(new Member
            {
                Email = email, NormalizedEmail = email.ToUpperInvariant(), FirstName = $"First{i}", LastName = $"Last{i}", Role = MemberRole.StandardUser,
                Status = status, InvitedAt = now, ActivatedAt = status == MemberStatus.Active ? now : null,
                DeactivatedAt = status == MemberStatus.Deactivated ? now : null,
            });
        }

        for (var id = 1; id <= size.People; id++)
        {
            var (first, last, email, company) = ($"Person{id}", $"Surname{id}", $"person{id}@{size.Name}.example", $"Company {id % 50}");
            db.People.Add(new Person
            {
                MarketoId = id, FirstName = first, LastName = last, Email = email, Company = company, Title = "Engineer",
                SalesforceContactId = $"003{id:D12}AAA", SalesforceOwnerId = "005000000000009AAA", SalesforceOwnerType = "Contact",
                FirstSyncedAt = now, ChangedAt = now,
                SearchName = $"{first} {last}".ToLowerInvariant(), SearchLastName = last.ToLowerInvariant(), SearchEmail = email, SearchCompany = company.ToLowerInvariant(),
            });
        }

        for (var i = 0; i < size.Activities; i++)
        {
            var activity = new SalesActivity
            {
                Kind = SalesActivityKind.SalesCallReceived, PersonMarketoId = 1, MemberId = admin.Id, OccurredAt = now.AddMinutes(-i),
                IdempotencyKey = $"call-{i}", CreatedAt = now.AddMinutes(-i),
            };
            activity.Write(new SalesActivityPayload { CallOutcome = "Connected", CallReason = "Follow-up", CallDurationSeconds = 300, SentBy = size.AdminEmail });
            activity.Writes.Add(new ActivityWrite { Destination = ActivityDestination.Marketo, State = ActivityWriteState.Written, CreatedAt = activity.CreatedAt });
            activity.Writes.Add(i % 3 == 0
                ? new ActivityWrite
                {
                    Destination = ActivityDestination.Salesforce, State = ActivityWriteState.Failed, CreatedAt = activity.CreatedAt, Attempts = 1,
                    Reason = FailureReason, ReasonDetail = "FIELD_CUSTOM_VALIDATION_EXCEPTION: Subject is required",
                }
                : new ActivityWrite { Destination = ActivityDestination.Salesforce, State = ActivityWriteState.Pending, CreatedAt = activity.CreatedAt });
            db.SalesActivities.Add(activity);
        }

        for (var i = 0; i < size.AuditEntries; i++)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = now.AddSeconds(-i), ActorMemberId = admin.Id, ActorEmail = size.AdminEmail, Action = AuditActions.MemberRoleChanged,
                Target = $"member{i}@{size.Name}.example", Details = "Standard user → Admin",
            });
        }

        for (var i = 0; i < size.Rejected; i++)
        {
            db.RejectedPeople.Add(new RejectedPerson { MarketoId = 1_000_000 + i, Reason = "Email is longer than 255 characters.", RejectedAt = now.AddSeconds(-i) });
        }

        db.SyncStates.Add(new SyncState
        {
            StartedAt = now.AddHours(-1), StartedByMemberId = admin.Id, Status = SyncStatus.Running, ProgressStartedAt = now.AddMinutes(-30),
            ProgressDone = size.People, ProgressTotal = size.People * 2,
        });
        await db.SaveChangesAsync();
    }

    private sealed record Size(string Name, int Members, int People, int Activities, int AuditEntries, int Rejected)
    {
        public string AdminEmail => $"admin@{Name}.example";
    }
}
