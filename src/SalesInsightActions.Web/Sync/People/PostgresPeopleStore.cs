using System.Buffers.Binary;
using System.Text;
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

    /// <summary>
    /// The batch's COMMIT does not wait for its WAL to reach disk. Safe for the sync's guarantees: only a crash of the database
    /// server can lose such a commit, and then it loses the batch's rows and its checkpoint together (one transaction, WAL
    /// replayed in order), so the next run resumes from the last checkpoint that survived — nothing missed, nothing twice.
    /// Scoped to the transaction (SET LOCAL): the pooled connection's other work keeps the server's setting.
    /// </summary>
    private const string AsynchronousCommit = "SET LOCAL synchronous_commit TO OFF";

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
        await using (var create = new NpgsqlCommand($"{AsynchronousCommit}; CREATE TEMP TABLE IF NOT EXISTS {Staging} (LIKE {PeopleTable.Name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await CopyAsync(connection, Staging, accountId, people, now, ct);

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

    /// <summary>
    /// Binary COPY straight into the people table: no staging copy, no conflict check per row (the primary key still
    /// refuses a person already stored, which aborts the whole COPY — <see cref="PeopleAlreadyStoredException"/>).
    /// </summary>
    public async Task<int> InsertNewAsync(AppDbContext db, Guid accountId, IReadOnlyList<PersonRecord> people, DateTime now, CancellationToken ct)
    {
        if (people.Count == 0)
        {
            return 0;
        }

        var connection = Connection(db);
        await using (var commit = new NpgsqlCommand(AsynchronousCommit, connection))
        {
            await commit.ExecuteNonQueryAsync(ct);
        }

        try
        {
            return await CopyAsync(connection, PeopleTable.Name, accountId, people, now, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new PeopleAlreadyStoredException($"A person of this batch is already stored ({e.ConstraintName}).", e);
        }
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

    /// <summary>Every row carries <paramref name="accountId"/>: the COPY writes no other account's rows.</summary>
    private static async Task<int> CopyAsync(NpgsqlConnection connection, string table, Guid accountId, IReadOnlyList<PersonRecord> people, DateTime now, CancellationToken ct)
    {
        var distinct = PeopleTable.Distinct(people);
        await using (var copy = await connection.BeginRawBinaryCopyAsync($"COPY {table} ({ColumnList}) FROM STDIN (FORMAT BINARY)", ct))
        {
            // PostgreSQL's binary COPY format written directly into one buffer, flushed every 64 KiB: Npgsql's typed importer
            // binds a parameter per value, which on a million-row pass costs more CPU than the database spends on the rows.
            var rows = new CopyRowBuffer();
            rows.Header();
            foreach (var p in distinct)
            {
                rows.Row(accountId, p, now);
                if (rows.Length >= CopyRowBuffer.FlushAt)
                {
                    await copy.WriteAsync(rows.Written, ct);
                    rows.Clear();
                }
            }

            rows.Trailer();
            await copy.WriteAsync(rows.Written, ct);
        }

        return distinct.Count;
    }

    private static NpgsqlConnection Connection(AppDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("People are written inside the batch's transaction, with its checkpoint.");
        }

        return (NpgsqlConnection)db.Database.GetDbConnection();
    }

    /// <summary>Rows of PostgreSQL's binary COPY format (big-endian), in <see cref="PeopleTable.Columns"/> order.</summary>
    private sealed class CopyRowBuffer
    {
        public const int FlushAt = 64 * 1024;
        private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        private byte[] _buffer = new byte[FlushAt + (16 * 1024)];

        public int Length { get; private set; }

        /// <summary>"PGCOPY\n\xff\r\n\0": the binary COPY format's 11-byte signature.</summary>
        private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

        public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

        public void Clear() => Length = 0;

        public void Header()
        {
            Ensure(19);
            Signature.CopyTo(_buffer);
            Length = 11;
            Int32(0); // flags
            Int32(0); // header extension length
        }

        public void Trailer()
        {
            Ensure(2);
            Int16(-1);
        }

        public void Row(Guid accountId, PersonRecord p, DateTime now)
        {
            string?[] texts =
            [
                p.FirstName, p.LastName, p.Email, p.Company, p.Title, p.Phone, p.LinkedInUrl, p.Source,
                p.SalesforceContactId, p.SalesforceLeadId, p.SalesforceAccountId, p.SalesforceOpportunityId, p.SalesforceOwnerId, p.SalesforceOwnerType,
            ];
            string[] search = [p.SearchName, p.SearchLastName, p.SearchEmail, p.SearchCompany];
            var size = 2 + (25 * 4) + 16 + (8 * 6);
            foreach (var text in texts)
            {
                size += text is null ? 0 : Encoding.UTF8.GetMaxByteCount(text.Length);
            }

            foreach (var text in search)
            {
                size += Encoding.UTF8.GetMaxByteCount(text.Length);
            }

            Ensure(size);
            Int16((short)PeopleTable.Columns.Length);
            Int32(16);
            accountId.TryWriteBytes(_buffer.AsSpan(Length, 16), bigEndian: true, out _);
            Length += 16;
            Int64Field(p.MarketoId);
            foreach (var text in texts)
            {
                Text(text);
            }

            Timestamp(p.MarketoCreatedAt);
            Timestamp(p.MarketoUpdatedAt);
            Int64Field(p.ContentHash);
            Timestamp(now);
            Timestamp(now);
            foreach (var text in search)
            {
                Text(text);
            }
        }

        private void Text(string? value)
        {
            if (value is null)
            {
                Int32(-1);
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length + 4));
            Int32(bytes);
            Length += bytes;
        }

        private void Timestamp(DateTime? value)
        {
            if (value is not { } t)
            {
                Int32(-1);
                return;
            }

            Int64Field((t.Ticks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);
        }

        private void Int64Field(long value)
        {
            Int32(8);
            BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(Length), value);
            Length += 8;
        }

        private void Int32(int value)
        {
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(Length), value);
            Length += 4;
        }

        private void Int16(short value)
        {
            BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(Length), value);
            Length += 2;
        }

        private void Ensure(int bytes)
        {
            if (Length + bytes > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + bytes));
            }
        }
    }
}
