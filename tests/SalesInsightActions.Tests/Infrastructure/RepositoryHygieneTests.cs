using SalesInsightActions.Tests.Localization;
using SalesInsightActions.Web.Infrastructure.Database;

namespace SalesInsightActions.Tests.Infrastructure;

/// <summary>
/// A database committed with the source carries a Data Protection key ring: every clone would share
/// it and accept each other's cookies. The local SQLite folder is therefore ignored, and named so it
/// cannot be confused with the Data/ code folder on a case-insensitive file system.
/// </summary>
public sealed class RepositoryHygieneTests
{
    private static readonly string Source = Path.Combine(LocalizationTests.RepositoryRoot(), "src");

    [Fact]
    public void No_database_file_lies_in_the_source_tree_outside_the_ignored_local_folder()
    {
        var databases = Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".db-wal", StringComparison.OrdinalIgnoreCase))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Contains("App_Data") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Source, f));

        Assert.Empty(databases);
    }

    [Fact]
    public void The_default_sqlite_folder_is_ignored_by_git()
    {
        Assert.StartsWith("App_Data/", new DatabaseOptions().SqlitePath, StringComparison.Ordinal);
        var ignored = File.ReadAllLines(Path.Combine(LocalizationTests.RepositoryRoot(), ".gitignore")).Select(l => l.Trim());
        Assert.Contains("App_Data/", ignored);
    }

    [Fact]
    public void No_two_folders_differ_only_by_case()
    {
        var clashes = Directory.EnumerateDirectories(Source, "*", SearchOption.AllDirectories)
            .Where(d => !d.Contains($"{Path.DirectorySeparatorChar}bin", StringComparison.Ordinal) && !d.Contains($"{Path.DirectorySeparatorChar}obj", StringComparison.Ordinal))
            .GroupBy(d => d, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" / ", g));

        Assert.Empty(clashes);
    }
}
