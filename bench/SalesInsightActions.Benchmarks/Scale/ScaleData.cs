using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Diagnostics;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Benchmarks.Scale;

/// <summary>The sizes of the scale data set; <c>--scale</c> shrinks the large ones for quick iterations.</summary>
public sealed record ScaleOptions(
    int Members, int LargestAccountMembers, int People, int Activities, int TimelineActivities, int AuditEntries, int Rejected,
    int Seconds, int Connections, double Scale, string? Output)
{
    public static ScaleOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var scale = Value("--scale") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 1.0;
        int Scaled(string name, int full) => Math.Max(1, (int)Math.Round(Int(name, full) * scale));
        return new ScaleOptions(
            Int("--members", 1_000), Int("--largest", 100), Scaled("--people", 1_500_000), Scaled("--activities", 5_000_000),
            Int("--timeline", 10_000), Scaled("--audit", 10_000), Scaled("--rejected", 5_000),
            Int("--seconds", 10), Int("--connections", 8), scale, Value("--output"));
    }
}

/// <summary>What the loaded data set is: the account the benchmark signs in to and its facts.</summary>
public sealed record ScaleWorld(Guid AccountId, string AdminEmail, string Password, int Accounts, long BusyPerson, long QuietPerson, string SearchTerm);

/// <summary>
/// Loads the scale data set. Accounts, members, the audit trail and the diagnostics go through the app's own
/// DbContext (an in-process host that also applies the migrations); people, activities and their write-out states go
/// straight into the store with INSERT … SELECT over generate_series on the server (no sync, no COPY stream: the rows
/// are made where they land, which is the fastest way to get millions of them there).
/// </summary>
public static class ScaleData
{
    public const string Password = "Correct-Horse-42";
    public const string AdminEmail = "admin@scale.example";

    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ra", "ten", "sa", "vo", "ber", "ni", "ko", "la", "den", "mar", "tis", "go", "re", "an", "el", "son", "ri",
        "da", "ves", "pa", "lin", "to", "ha", "mer", "fu", "quist", "bo", "ne", "gar", "ly", "sen", "cha", "win", "dor",
    ];

    private static readonly string[] FirstNames =
    [
        "Ada", "Alan", "Grace", "Hedy", "Linus", "Margaret", "Ken", "Barbara", "Donald", "Frances", "John", "Radia", "Tim", "Katherine",
        "Dennis", "Shafi", "Edsger", "Sophie", "Guido", "Anita", "Bjarne", "Lynn", "James", "Jean", "Niklaus", "Adele", "Vint", "Evelyn",
        "Leslie", "Joan", "Robin", "Mary", "Tony", "Ruth", "Whitfield", "Karen", "Butler", "Ida", "Yukihiro", "Limor",
    ];

    /// <summary>The app in process, on the benchmark's database; creating its first client applies the migrations.</summary>
    private static WebApplicationFactory<Program> AppHost(string connectionString)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SALESINSIGHTACTIONS_WEB", Path.Combine(ScaleApp.RepositoryRoot(), "src", "SalesInsightActions.Web"));
        return new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("Logging:Json", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.UseSetting("PeopleSync:SchedulerEnabled", "false");
            builder.UseSetting("Salesforce:ClientId", "sim-salesforce-client-id");
            builder.UseSetting("Salesforce:ClientSecret", "sim-salesforce-client-secret");
            builder.UseSetting("Smtp:Host", "127.0.0.1");
            builder.UseSetting("Smtp:Port", "9");
            builder.UseSetting("Smtp:Security", "None");
            builder.UseSetting("Email:PollIntervalSeconds", "3600");
        });
    }

    /// <summary>The sizes a loaded data set was made with, kept in it so <c>--reuse</c> only reuses the same set.</summary>
    private static string Sizes(ScaleOptions o) =>
        string.Create(CultureInfo.InvariantCulture, $"people={o.People};activities={o.Activities};members={o.Members};largest={o.LargestAccountMembers};timeline={o.TimelineActivities};audit={o.AuditEntries};rejected={o.Rejected}");

    /// <summary>
    /// <c>--reuse</c>: the data set a previous run with the same sizes left in the database (loading the full size takes
    /// the better part of an hour on this machine), migrated to the current schema. Null when there is none.
    /// </summary>
    public static async Task<ScaleWorld?> TryReuseAsync(string connectionString, ScaleOptions options, Action<string> log)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            if (await ScalarAsync(connection, "SELECT sizes FROM bench_scale_marker") as string != Sizes(options))
            {
                return null;
            }
        }
        catch (PostgresException)
        {
            return null; // no database or no marker: load it
        }

        await using (var factory = AppHost(connectionString))
        {
            factory.CreateClient().Dispose(); // migrations run
        }

        // A pooled session can still hold EF's migration lock (a session-level advisory lock); closing the physical
        // connections releases it, or the app started next waits for it forever.
        NpgsqlConnection.ClearAllPools();

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await ExecuteAsync(db, "ANALYZE");
        var largest = (Guid)(await ScalarAsync(db, "SELECT \"Id\" FROM sales_accounts WHERE \"Name\" = 'Scale benchmark (largest)'"))!;
        var accounts = Convert.ToInt32(await ScalarAsync(db, "SELECT count(*) FROM sales_accounts"), CultureInfo.InvariantCulture);
        var term = (string)(await ScalarAsync(db, "SELECT left(search_last_name, 4) FROM people WHERE sales_account_id = @account AND marketo_id = @id",
            ("account", largest), ("id", (long)Math.Max(1, options.People / 2))))!;
        log("reused the data set already in the database (--reuse), migrated to the current schema");
        return new ScaleWorld(largest, AdminEmail, Password, accounts, 1, 2, term);
    }

    public static async Task<ScaleWorld> LoadAsync(string connectionString, ScaleOptions options, Action<string> log)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var factory = AppHost(connectionString);
        factory.CreateClient().Dispose(); // migrations run
        log($"migrated in {stopwatch.Elapsed.TotalSeconds:F1} s");

        // The largest account first (the benchmark signs in to it), then the rest of the members in accounts of 10.
        var others = (int)Math.Ceiling((options.Members - options.LargestAccountMembers) / 10.0);
        var accounts = new List<Guid>();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            for (var i = 0; i <= others; i++)
            {
                var account = new SalesAccount
                {
                    Name = i == 0 ? "Scale benchmark (largest)" : $"Scale benchmark {i}",
                    MunchkinId = string.Create(CultureInfo.InvariantCulture, $"{100 + (i % 900)}-SCA-{i:D3}"),
                    CreatedAt = DateTime.UtcNow, LoginManagement = LoginManagement.AllLoginMethods,
                };
                db.SalesAccounts.Add(account);
                accounts.Add(account.Id);
            }

            await db.SaveChangesAsync();
        }

        var largest = accounts[0];
        const string adminEmail = AdminEmail;
        Guid adminId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(largest);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = adminEmail, Email = adminEmail, EmailConfirmed = true, SalesAccountId = largest };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }

            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var admin = new Member
            {
                Email = adminEmail, NormalizedEmail = adminEmail.ToUpperInvariant(), Role = MemberRole.Admin, Status = MemberStatus.Active, UserId = user.Id,
                IsOriginalUser = true, InvitedAt = DateTime.UtcNow, ActivatedAt = DateTime.UtcNow,
            };
            db.Members.Add(admin);
            await db.SaveChangesAsync();
            adminId = admin.Id;
        }

        var membersLeft = options.Members - 1;
        for (var a = 0; a < accounts.Count && membersLeft > 0; a++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(accounts[a]);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var count = Math.Min(membersLeft, a == 0 ? options.LargestAccountMembers - 1 : 10);
            for (var i = 0; i < count; i++)
            {
                var email = string.Create(CultureInfo.InvariantCulture, $"member{i}@account{a}.scale.example");
                var status = i % 10 == 9 ? MemberStatus.Invited : MemberStatus.Active;
                db.Members.Add(new Member
                {
                    Email = email, NormalizedEmail = email.ToUpperInvariant(), FirstName = FirstNames[i % FirstNames.Length], LastName = $"Member{i}",
                    Role = i % 5 == 0 ? MemberRole.Admin : MemberRole.StandardUser, Status = status, InvitedAt = DateTime.UtcNow,
                    ActivatedAt = status == MemberStatus.Active ? DateTime.UtcNow : null,
                });
            }

            membersLeft -= count;
            await db.SaveChangesAsync();
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(largest);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            var actions = AuditLog.ActionLabels.Keys.ToArray();
            for (var i = 0; i < options.AuditEntries; i++)
            {
                db.AuditEntries.Add(new AuditEntry
                {
                    At = now.AddSeconds(-60 * i), ActorMemberId = adminId, ActorEmail = adminEmail, Action = actions[i % actions.Length],
                    Outcome = i % 17 == 0 ? AuditOutcome.Failed : AuditOutcome.Succeeded,
                    Target = string.Create(CultureInfo.InvariantCulture, $"member{i % 100}@account0.scale.example"), Details = "Scale benchmark entry",
                });
            }

            for (var i = 0; i < options.Rejected; i++)
            {
                db.RejectedPeople.Add(new RejectedPerson
                {
                    MarketoId = 10_000_000 + i, Reason = "Email is longer than 255 characters.", RejectedAt = now.AddSeconds(-i),
                });
            }

            db.SyncStates.Add(new SyncState
            {
                StartedAt = now.AddDays(-3), StartedByMemberId = adminId, Status = SyncStatus.UpToDate, InitialSyncCompletedAt = now.AddDays(-2),
                LastSuccessAt = now.AddMinutes(-1), ProgressDone = options.People, ProgressTotal = options.People,
            });
            await db.SaveChangesAsync();
        }

        log($"{accounts.Count} accounts, {options.Members:N0} members, {options.AuditEntries:N0} audit entries, {options.Rejected:N0} rejected people in {stopwatch.Elapsed.TotalSeconds:F1} s");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var syllables = "ARRAY[" + string.Join(",", Syllables.Select(s => $"'{s}'")) + "]";
        var firstNames = "ARRAY[" + string.Join(",", FirstNames.Select(s => $"'{s}'")) + "]";
        var n = Syllables.Length;
        await ExecuteAsync(connection, $"""
            INSERT INTO people (sales_account_id, marketo_id, first_name, last_name, email, company, title, phone, linkedin_url, source,
                sfdc_contact_id, sfdc_lead_id, sfdc_account_id, sfdc_opportunity_id, sfdc_owner_id, sfdc_owner_type,
                marketo_created_at, marketo_updated_at, content_hash, first_synced_at, changed_at,
                search_name, search_last_name, search_email, search_company)
            SELECT @account, g, f, l, e, c, 'Engineer', '+1 555 0100', NULL, 'Webinar',
                '003' || lpad(g::text, 12, '0') || 'AAA', NULL, '001' || lpad((g % 100000)::text, 12, '0') || 'AAA', NULL, '005000000000009AAA', 'Contact',
                now() - g * interval '1 second', now() - g * interval '1 second', g, now(), now(),
                lower(f || ' ' || l), lower(l), lower(e), lower(c)
            FROM (
                SELECT g, f, l, c, lower(f) || '.' || lower(l) || g || '@' || lower(replace(c, ' ', '')) || '.example' AS e
                FROM (
                    SELECT g,
                        ({firstNames})[1 + g % {FirstNames.Length}] AS f,
                        initcap(({syllables})[1 + (g / 7) % {n}] || ({syllables})[1 + (g / 259) % {n}] || ({syllables})[1 + (g / 9583) % {n}]) AS l,
                        initcap(({syllables})[1 + (g / 3) % {n}] || ({syllables})[1 + (g / 111) % {n}]) || ' Systems' AS c
                    FROM generate_series(1, @people) AS g) AS named) AS people
            """, ("account", largest), ("people", options.People));
        log($"{options.People:N0} people in {stopwatch.Elapsed.TotalSeconds:F1} s");

        // Person 1 has the long timeline, person 2 a short one; the rest spread over everyone else.
        var timeline = Math.Min(options.TimelineActivities, options.Activities);
        await ExecuteAsync(connection, """
            INSERT INTO sales_activities ("SalesAccountId", "Id", "Kind", "PersonMarketoId", "MemberId", "OccurredAt", "Payload", "IdempotencyKey", "CreatedAt")
            SELECT @account, gen_random_uuid(), CASE WHEN g % 3 = 0 THEN 'SendSalesEmail' ELSE 'SalesCallReceived' END,
                CASE WHEN g <= @timeline THEN 1 WHEN g <= @timeline + 10 THEN 2 ELSE 3 + (g % GREATEST(1, @people - 2)) END,
                @member, now() - g * interval '1 minute',
                CASE WHEN g % 3 = 0 THEN '{"subject":"Our offer","sentBy":"admin@scale.example"}'
                     ELSE '{"callOutcome":"Connected","callReason":"Follow-up","callDurationSeconds":300,"sentBy":"admin@scale.example"}' END,
                'scale-' || g, now() - g * interval '1 minute'
            FROM generate_series(1, @activities) AS g
            """, ("account", largest), ("timeline", timeline), ("people", options.People), ("member", adminId), ("activities", options.Activities));
        log($"{options.Activities:N0} activities in {stopwatch.Elapsed.TotalSeconds:F1} s");
        await ExecuteAsync(connection, """
            INSERT INTO activity_writes ("SalesAccountId", "ActivityId", "Destination", "State", "VendorId", "Reason", "Attempts", "LastAttemptAt", "WrittenAt", "CreatedAt")
            SELECT a."SalesAccountId", a."Id", d.destination,
                CASE WHEN h < 90 THEN 'Written' WHEN h < 95 THEN 'Pending' WHEN h < 98 THEN 'Failed' ELSE 'Skipped' END,
                CASE WHEN h < 90 THEN md5(a."Id"::text) END,
                CASE WHEN h >= 95 THEN 'Salesforce refused the task. Check the activity''s person in Salesforce.' END,
                1, a."CreatedAt", CASE WHEN h < 90 THEN a."CreatedAt" END, a."CreatedAt"
            FROM sales_activities a
            CROSS JOIN (VALUES ('Marketo'), ('Salesforce')) AS d(destination)
            CROSS JOIN LATERAL (SELECT abs(hashtext(a."Id"::text || d.destination)) % 100 AS h) AS bucket
            WHERE a."SalesAccountId" = @account
            """, ("account", largest));
        log($"{2L * options.Activities:N0} activity writes in {stopwatch.Elapsed.TotalSeconds:F1} s");
        await ExecuteAsync(connection, "VACUUM ANALYZE");
        log($"vacuum analyze done in {stopwatch.Elapsed.TotalSeconds:F1} s");
        await ExecuteAsync(connection, "CREATE TABLE bench_scale_marker (sizes text NOT NULL)");
        await ExecuteAsync(connection, "INSERT INTO bench_scale_marker VALUES (@sizes)", ("sizes", Sizes(options)));

        var term = (string)(await ScalarAsync(connection, "SELECT left(search_last_name, 4) FROM people WHERE sales_account_id = @account AND marketo_id = @id",
            ("account", largest), ("id", (long)Math.Max(1, options.People / 2))))!;
        return new ScaleWorld(largest, adminEmail, Password, accounts.Count, 1, 2, term);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }
}
