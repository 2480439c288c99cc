using System.Net;
using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Data;

/// <summary>Several instances starting at once on one empty PostgreSQL database (compose starts its two replicas so).</summary>
public sealed class MigrationLockTests
{
    [Fact]
    public async Task Three_instances_starting_together_on_an_empty_database_all_become_ready()
    {
        // Before the advisory lock, the second instance re-applied a migration the first had just applied and died
        // with 42701 "column already exists" (seen in deploy/rehearse.sh); three at once makes the race likely.
        await using var database = await PostgresDatabase.CreateAsync();
        var factories = Enumerable.Range(0, 3).Select(_ => new AppFactory(database.ConnectionString)).ToList();
        try
        {
            var answers = await Task.WhenAll(factories.Select(f => Task.Run(async () =>
            {
                using var client = f.CreateClient();
                return (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode;
            })));

            Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        }
        finally
        {
            foreach (var factory in factories)
            {
                await factory.DisposeAsync();
            }
        }
    }
}
