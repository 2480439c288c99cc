using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace SalesInsightActions.Benchmarks.Scale;

/// <summary>
/// EXPLAIN (ANALYZE, BUFFERS) of each page's heaviest query (the SQL the app's EF queries produce, written out here with
/// the same shape and parameters), and the search index comparison: the prefix btree (text_pattern_ops) the app uses
/// against a pg_trgm GIN index and a full-text GIN index on the same rows, each built and dropped inside a rolled-back
/// transaction so the data set is left as the app created it.
/// </summary>
public static partial class ScaleExplain
{
    public static async Task<(string Text, string SearchComparison)> WriteAsync(string connectionString, ScaleWorld world, ScaleOptions options)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# EXPLAIN (ANALYZE, BUFFERS) of each page's heaviest query — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine(CultureInfo.InvariantCulture, $"# {options.People:N0} people, {options.Activities:N0} activities ({Math.Min(options.TimelineActivities, options.Activities):N0} on person {world.BusyPerson}), {options.AuditEntries:N0} audit entries, {options.Rejected:N0} rejected; search term '{world.SearchTerm}'")
            .AppendLine();
        var term = world.SearchTerm + "%";
        var (deepAt, deepId) = await DeepDiagnosticsCursorAsync(connection, world);
        var queries = new (string Page, string Sql, (string, object)[] Parameters)[]
        {
            ("/users: one page of members with each one's latest invitation", """
                SELECT m.*, (SELECT max(i."ExpiresAt") FROM invitations AS i
                             WHERE i."SalesAccountId" = @a AND i."MemberId" = m."Id" AND i."RevokedAt" IS NULL) AS "LatestInvitationExpiry"
                FROM members AS m WHERE m."SalesAccountId" = @a ORDER BY m."NormalizedEmail" LIMIT 51
                """, [("a", world.AccountId)]),
            ("/people: the first page", "SELECT * FROM people AS p WHERE p.sales_account_id = @a ORDER BY p.marketo_id LIMIT 51", [("a", world.AccountId)]),
            ("/people: a page deep in the list (keyset after the middle person)",
                "SELECT * FROM people AS p WHERE p.sales_account_id = @a AND p.marketo_id > @after ORDER BY p.marketo_id LIMIT 51",
                [("a", world.AccountId), ("after", (long)(options.People / 2))]),
            ("/people?q=: prefix search on name, last name, email and company (a union of one index range per column, as the app asks)", """
                SELECT * FROM (
                    (SELECT * FROM people AS p WHERE p.sales_account_id = @a AND p.search_name LIKE @t ORDER BY p.marketo_id LIMIT 51)
                    UNION (SELECT * FROM people AS p WHERE p.sales_account_id = @a AND p.search_last_name LIKE @t ORDER BY p.marketo_id LIMIT 51)
                    UNION (SELECT * FROM people AS p WHERE p.sales_account_id = @a AND p.search_email LIKE @t ORDER BY p.marketo_id LIMIT 51)
                    UNION (SELECT * FROM people AS p WHERE p.sales_account_id = @a AND p.search_company LIKE @t ORDER BY p.marketo_id LIMIT 51)) AS u
                ORDER BY u.marketo_id LIMIT 51
                """, [("a", world.AccountId), ("t", term)]),
            ("/people?q=: the same four conditions OR-ed in one WHERE (what the app no longer asks: for comparison)", """
                SELECT * FROM people AS p
                WHERE p.sales_account_id = @a AND (p.search_name LIKE @t OR p.search_last_name LIKE @t OR p.search_email LIKE @t OR p.search_company LIKE @t)
                ORDER BY p.marketo_id LIMIT 51
                """, [("a", world.AccountId), ("t", term)]),
            ("/people?q=: a one-letter term (the union's worst case: many matches per column)", """
                SELECT * FROM (
                    (SELECT * FROM people AS p WHERE p.sales_account_id = @a AND p.search_name LIKE @t ORDER BY p.marketo_id LIMIT 51)
                    UNION (SELECT * FROM people AS p WHERE p.sales_account_id = @a AND p.search_last_name LIKE @t ORDER BY p.marketo_id LIMIT 51)
                    UNION (SELECT * FROM people AS p WHERE p.sales_account_id = @a AND p.search_email LIKE @t ORDER BY p.marketo_id LIMIT 51)
                    UNION (SELECT * FROM people AS p WHERE p.sales_account_id = @a AND p.search_company LIKE @t ORDER BY p.marketo_id LIMIT 51)) AS u
                ORDER BY u.marketo_id LIMIT 51
                """, [("a", world.AccountId), ("t", world.SearchTerm[..1] + "%")]),
            ("/people/{id}: the newest page of the busiest person's timeline, with the write-out states", """
                SELECT s.*, w.* FROM (
                    SELECT * FROM sales_activities AS a WHERE a."SalesAccountId" = @a AND a."PersonMarketoId" = @p
                    ORDER BY a."OccurredAt" DESC, a."Id" DESC LIMIT 26) AS s
                LEFT JOIN activity_writes AS w ON s."SalesAccountId" = w."SalesAccountId" AND s."Id" = w."ActivityId"
                ORDER BY s."OccurredAt" DESC, s."Id" DESC
                """, [("a", world.AccountId), ("p", world.BusyPerson)]),
            ("/sync: people counted up to 10,001 (then estimated from the statistics)",
                "SELECT count(*) FROM (SELECT 1 FROM people AS p WHERE p.sales_account_id = @a LIMIT 10001) AS t", [("a", world.AccountId)]),
            ("/sync: the 20 latest rejections", """
                SELECT s."MarketoId", s."Reason", s."RejectedAt" FROM sync_rejected_people AS s
                WHERE s."SalesAccountId" = @a ORDER BY s."RejectedAt" DESC LIMIT 20
                """, [("a", world.AccountId)]),
            ("/sync/diagnostics/salesforce: the newest page of failed writes, each with its activity and person", DiagnosticsPageSql,
                [("a", world.AccountId), ("at", new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc)), ("id", Guid.Empty)]),
            ("/sync/diagnostics/salesforce: a page 100,000 failures deep (keyset: the index scan starts at the cursor)", DiagnosticsPageSql,
                [("a", world.AccountId), ("at", deepAt), ("id", deepId)]),
            ("/settings/audit-log: the newest page", """
                SELECT * FROM audit_entries AS e WHERE e."SalesAccountId" = @a ORDER BY e."At" DESC, e."Id" DESC LIMIT 51
                """, [("a", world.AccountId)]),
        };
        foreach (var (page, sql, parameters) in queries)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## {page}").AppendLine(sql).AppendLine()
                .AppendLine(await ExplainAsync(connection, sql, parameters)).AppendLine();
        }

        var comparison = await CompareSearchAsync(connection, world, text);
        return (text.ToString(), comparison);
    }

    private static async Task<string> CompareSearchAsync(NpgsqlConnection connection, ScaleWorld world, StringBuilder text)
    {
        var rows = new List<string>();
        var variants = new (string Name, string Setup, string Where, string Parameter)[]
        {
            ("btree prefix (text_pattern_ops), what the app uses", "", "p.search_last_name LIKE @t", world.SearchTerm + "%"),
            ("pg_trgm GIN", "CREATE EXTENSION IF NOT EXISTS pg_trgm; DROP INDEX ix_people_search_last_name; CREATE INDEX ix_trgm ON people USING gin (search_last_name gin_trgm_ops)",
                "p.search_last_name LIKE @t", world.SearchTerm + "%"),
            ("full-text GIN (simple dictionary, prefix query)", "DROP INDEX ix_people_search_last_name; CREATE INDEX ix_fts ON people USING gin (to_tsvector('simple', search_last_name))",
                "to_tsvector('simple', p.search_last_name) @@ to_tsquery('simple', @t)", world.SearchTerm + ":*"),
        };
        text.AppendLine("# Search index comparison on the last name (each variant in a transaction that is rolled back)").AppendLine();
        foreach (var (name, setup, where, parameter) in variants)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var build = Stopwatch.StartNew();
            long size = 0;
            if (setup.Length > 0)
            {
                foreach (var statement in setup.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    await using var command = new NpgsqlCommand(statement, connection, transaction) { CommandTimeout = 0 };
                    await command.ExecuteNonQueryAsync();
                }

                await using var analyze = new NpgsqlCommand("ANALYZE people", connection, transaction) { CommandTimeout = 0 };
                await analyze.ExecuteNonQueryAsync();
                var index = setup.Contains("ix_trgm", StringComparison.Ordinal) ? "ix_trgm" : "ix_fts";
                await using var sizeCommand = new NpgsqlCommand($"SELECT pg_relation_size('{index}')", connection, transaction);
                size = (long)(await sizeCommand.ExecuteScalarAsync())!;
            }
            else
            {
                await using var sizeCommand = new NpgsqlCommand("SELECT pg_relation_size('ix_people_search_last_name')", connection, transaction);
                size = (long)(await sizeCommand.ExecuteScalarAsync())!;
            }

            var buildSeconds = build.Elapsed.TotalSeconds;
            var sql = $"SELECT p.marketo_id, p.first_name, p.last_name FROM people AS p WHERE p.sales_account_id = @a AND {where} ORDER BY p.marketo_id LIMIT 51";
            var plan = await ExplainAsync(connection, sql, [("a", world.AccountId), ("t", parameter)], transaction);
            // A second run: the first reads the pages into the cache.
            plan = await ExplainAsync(connection, sql, [("a", world.AccountId), ("t", parameter)], transaction);
            await transaction.RollbackAsync();
            var execution = ExecutionTime().Match(plan) is { Success: true } m ? m.Groups[1].Value : "?";
            var scan = plan.Contains("Seq Scan on people", StringComparison.Ordinal) ? "sequential scan" : "index";
            text.AppendLine(CultureInfo.InvariantCulture, $"## {name}").AppendLine(sql).AppendLine().AppendLine(plan).AppendLine();
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {execution} ms | {scan} | {size / 1048576.0:N0} MiB | {(setup.Length > 0 ? buildSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s" : "(built with the data)")} |"));
        }

        return new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| last-name search `{world.SearchTerm}…`, 51 rows | execution (2nd run) | plan | index size | index build |")
            .AppendLine("|---|---:|---|---:|---:|")
            .AppendJoin(Environment.NewLine, rows).AppendLine()
            .ToString();
    }

    /// <summary>The shape of the Diagnostics page's compiled rows query (older than (@at, @id), a constant page size).</summary>
    private const string DiagnosticsPageSql = """
        SELECT w."ActivityId", s."Kind", s."OccurredAt", s."PersonMarketoId", p.first_name, p.last_name, p.email, w."Reason", w."ReasonDetail", w."Attempts"
        FROM (SELECT * FROM activity_writes AS a
              WHERE a."SalesAccountId" = @a AND a."State" = 'Failed' AND a."Destination" = 'Salesforce'
                AND a."CreatedAt" <= @at AND (a."CreatedAt" < @at OR a."ActivityId" < @id)
              ORDER BY a."CreatedAt" DESC, a."ActivityId" DESC LIMIT 51) AS w
        JOIN sales_activities AS s ON s."SalesAccountId" = w."SalesAccountId" AND s."Id" = w."ActivityId"
        LEFT JOIN people AS p ON p.sales_account_id = s."SalesAccountId" AND p.marketo_id = s."PersonMarketoId"
        ORDER BY w."CreatedAt" DESC, w."ActivityId" DESC
        """;

    private static async Task<(DateTime At, Guid Id)> DeepDiagnosticsCursorAsync(NpgsqlConnection connection, ScaleWorld world)
    {
        await using var command = new NpgsqlCommand("""
            SELECT "CreatedAt", "ActivityId" FROM activity_writes
            WHERE "SalesAccountId" = @a AND "State" = 'Failed' AND "Destination" = 'Salesforce'
            ORDER BY "CreatedAt" DESC, "ActivityId" DESC OFFSET 100000 LIMIT 1
            """, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("a", world.AccountId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetDateTime(0), reader.GetGuid(1)) : (new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc), Guid.Empty);
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection, transaction) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var lines = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.AppendLine(reader.GetString(0));
        }

        return lines.ToString().TrimEnd();
    }

    [GeneratedRegex(@"Execution Time: ([\d.]+) ms")]
    private static partial Regex ExecutionTime();
}
