using System.Text.RegularExpressions;

namespace SalesInsightActions.Web.Sync.Scheduling;

/// <summary>
/// Quartz.NET's ADO job store schema for PostgreSQL, created by OUR PostgreSQL migration (so deployments need no separate
/// Quartz set-up step and the app's database role needs no DDL rights at run time). The statements are the ones the Quartz
/// package we ship embeds for itself (create_postgres.sql: CREATE … IF NOT EXISTS only), so the tables always match the
/// Quartz version in Directory.Packages.props.
/// </summary>
internal static partial class QuartzSchema
{
    public const string TablePrefix = "qrtz_";
    private const string ResourceName = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    public static IReadOnlyList<string> PostgresStatements()
    {
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The Quartz package no longer embeds {ResourceName}; update QuartzSchema.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd().Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal);
        // Statements are separated by a line reading exactly "--;;"; other "--" lines are comments.
        var statements = new List<string>();
        var current = new List<string>();
        foreach (var line in script.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.Trim() == "--;;")
            {
                Flush();
            }
            else if (!line.TrimStart().StartsWith("--", StringComparison.Ordinal))
            {
                current.Add(line);
            }
        }

        Flush();
        return statements;

        void Flush()
        {
            var statement = string.Join('\n', current).Trim();
            if (statement.Length > 0)
            {
                statements.Add(statement);
            }

            current.Clear();
        }
    }

    public static IReadOnlyList<string> PostgresDropStatements() =>
        [.. PostgresStatements().Select(s => TableName().Match(s)).Where(m => m.Success).Reverse().Select(m => $"DROP TABLE IF EXISTS {m.Groups[1].Value} CASCADE")];

    [GeneratedRegex(@"^CREATE TABLE IF NOT EXISTS (\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex TableName();
}
