using Npgsql;
using SalesInsightActions.Web.Infrastructure.Database;

namespace SalesInsightActions.Tests.Data;

public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void Repeated_statements_are_prepared_and_pooled_connections_not_reset_unless_the_connection_string_says_otherwise()
    {
        var defaulted = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults("Host=db;Database=sia;Username=app"));
        Assert.Equal(100, defaulted.MaxAutoPrepare);
        Assert.Equal(2, defaulted.AutoPrepareMinUsages);
        Assert.Equal("db", defaulted.Host);

        Assert.True(defaulted.NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults("Host=db;No Reset On Close=false")).NoResetOnClose);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults("Host=db;maxautoprepare=7")).MaxAutoPrepare);
    }

    [Fact]
    public async Task A_prepared_query_keeps_answering_after_the_schema_changes()
    {
        // A migration by another instance (adding a column, an index) must not break a pooled connection's prepared
        // statements. EF names its columns, as here, so an added column does not change what a statement returns.
        await using var database = await PostgresDatabase.CreateAsync();
        await using var source = NpgsqlDataSource.Create(DatabaseSetup.WithConnectionDefaults(database.ConnectionString));
        await using (var create = source.CreateCommand("CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'a')"))
        {
            await create.ExecuteNonQueryAsync();
        }

        async Task<object?> ReadAsync()
        {
            await using var command = source.CreateCommand("SELECT id, name FROM t WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = 1 });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return reader.GetValue(reader.FieldCount - 1);
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("a", await ReadAsync());
        }

        await using (var alter = source.CreateCommand("ALTER TABLE t ADD COLUMN extra text; CREATE INDEX ix_t_name ON t (name); UPDATE t SET name = 'b'"))
        {
            await alter.ExecuteNonQueryAsync();
        }

        Assert.Equal("b", await ReadAsync());
    }
}
