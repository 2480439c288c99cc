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
            foreach (var p in PeopleTable.Distinct(people))
            {
                // Typed writes in PeopleTable.Columns order: no boxing or type lookup per value on a million-row pass.
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(accountId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(p.MarketoId, NpgsqlDbType.Bigint, ct);
                foreach (var text in (string?[])[p.FirstName, p.LastName, p.Email, p.Company, p.Title, p.Phone, p.LinkedInUrl, p.Source,
                    p.SalesforceContactId, p.SalesforceLeadId, p.SalesforceAccountId, p.SalesforceOpportunityId, p.SalesforceOwnerId, p.SalesforceOwnerType])
                {
                    await WriteTextAsync(copy, text, ct);
                }

                await WriteTimestampAsync(copy, p.MarketoCreatedAt, ct);
                await WriteTimestampAsync(copy, p.MarketoUpdatedAt, ct);
                await copy.WriteAsync(p.ContentHash, NpgsqlDbType.Bigint, ct);
                await WriteTimestampAsync(copy, now, ct);
                await WriteTimestampAsync(copy, now, ct);
                await WriteTextAsync(copy, p.SearchName, ct);
                await WriteTextAsync(copy, p.SearchLastName, ct);
                await WriteTextAsync(copy, p.SearchEmail, ct);
                await WriteTextAsync(copy, p.SearchCompany, ct);
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

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Varchar, ct);

    private static Task WriteTimestampAsync(NpgsqlBinaryImporter copy, DateTime? value, CancellationToken ct) =>
        value is { } t ? copy.WriteAsync(DateTime.SpecifyKind(t, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct) : copy.WriteNullAsync(ct);

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
