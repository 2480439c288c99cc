using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>
/// PostgreSQL: binary COPY into a temporary staging table, then one INSERT … ON CONFLICT DO UPDATE … WHERE the hash
/// differs. COPY is the fastest way in; the WHERE makes unchanged rows cost no write (no dead tuple, no WAL).
/// </summary>
internal sealed class PostgresPeopleStore : IPeopleStore
{
    private const string Staging = "people_staging";

    private static readonly NpgsqlDbType[] Types =
    [
        NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, .. Enumerable.Repeat(NpgsqlDbType.Varchar, 14),
        NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Bigint, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
        .. Enumerable.Repeat(NpgsqlDbType.Varchar, 4),
    ];

    private static readonly string ColumnList = string.Join(", ", PeopleTable.Columns);

    private static readonly string UpsertSql = $"""
        INSERT INTO {PeopleTable.Name} ({ColumnList})
        SELECT {ColumnList} FROM {Staging} WHERE sales_account_id = @account
        ON CONFLICT (sales_account_id, marketo_id) DO UPDATE SET
            {string.Join(", ", PeopleTable.UpdatedColumns.Select(c => $"{c} = excluded.{c}"))}
        WHERE {PeopleTable.Name}.sales_account_id = @account AND {PeopleTable.Name}.content_hash <> excluded.content_hash
        """;

    public async Task<int> UpsertAsync(AppDbContext db, Guid accountId, IReadOnlyList<PersonRecord> people, DateTime now, CancellationToken ct)
    {
        if (people.Count == 0)
        {
            return 0;
        }

        var connection = Connection(db);
        await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE IF NOT EXISTS {Staging} (LIKE {PeopleTable.Name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync($"COPY {Staging} ({ColumnList}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var person in PeopleTable.Distinct(people))
            {
                await copy.StartRowAsync(ct);
                var values = PeopleTable.Values(accountId, person, now);
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] is null)
                    {
                        await copy.WriteNullAsync(ct);
                    }
                    else
                    {
                        await copy.WriteAsync(values[i] is DateTime t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : values[i], Types[i], ct);
                    }
                }
            }

            await copy.CompleteAsync(ct);
        }

        await using var upsert = new NpgsqlCommand(UpsertSql, connection);
        upsert.Parameters.AddWithValue("account", NpgsqlDbType.Uuid, accountId);
        var written = await upsert.ExecuteNonQueryAsync(ct);
        // The staging table outlives this batch on a pooled connection; empty it for the next one in this transaction.
        await using (var truncate = new NpgsqlCommand($"TRUNCATE {Staging}", connection))
        {
            await truncate.ExecuteNonQueryAsync(ct);
        }

        return written;
    }

    public async Task<int> DeleteAsync(AppDbContext db, Guid accountId, IReadOnlyCollection<long> marketoIds, CancellationToken ct)
    {
        if (marketoIds.Count == 0)
        {
            return 0;
        }

        await using var delete = new NpgsqlCommand($"DELETE FROM {PeopleTable.Name} WHERE sales_account_id = @account AND marketo_id = ANY(@ids)", Connection(db));
        delete.Parameters.AddWithValue("account", NpgsqlDbType.Uuid, accountId);
        delete.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint, marketoIds.ToArray());
        return await delete.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlConnection Connection(AppDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("People are written inside the batch's transaction, with its checkpoint.");
        }

        return (NpgsqlConnection)db.Database.GetDbConnection();
    }
}
