using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Tests.TestInfrastructure;

/// <summary>
/// Row counts of every table of the app's model, on either provider: compared before and after bad input to prove
/// nothing was half-written.
/// </summary>
public static class TableCounts
{
    /// <summary>Tables a refused request may legitimately write to: the audit trail (failures are recorded) and the key ring.</summary>
    public static readonly string[] MayChange = ["audit_entries", "DataProtectionKeys"];

    public static async Task<Dictionary<string, long>> ReadAsync(AppFactory app)
    {
        await using var scope = app.CreateScope(null, out var db);
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Except(MayChange).Order().ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>Asserts that no table's row count differs from <paramref name="before"/>, naming the tables that did.</summary>
    public static async Task AssertUnchangedAsync(AppFactory app, Dictionary<string, long> before, string because)
    {
        var after = await ReadAsync(app);
        var changed = after.Where(p => before.GetValueOrDefault(p.Key) != p.Value).Select(p => $"{p.Key}: {before.GetValueOrDefault(p.Key)} → {p.Value}").ToList();
        Assert.True(changed.Count == 0, $"{because}: rows were written ({string.Join(", ", changed)})");
    }
}
