using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Infrastructure.Database;

public enum DatabaseProvider
{
    /// <summary>PostgreSQL when ConnectionStrings:Postgres is set, otherwise SQLite.</summary>
    Auto,
    Postgres,
    Sqlite,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Auto;

    /// <summary>SQLite file, relative to the content root unless rooted.</summary>
    [Required]
    public string SqlitePath { get; set; } = "App_Data/sales-insight-actions.db";

    /// <summary>Apply pending migrations at start-up. Turn off when a deploy step migrates instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;
}
