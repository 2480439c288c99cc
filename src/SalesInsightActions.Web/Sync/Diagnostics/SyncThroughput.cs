using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.Diagnostics;

/// <summary>The sync page's two views of throughput: the last 60 minutes by minute, the last 24 hours by hour.</summary>
public enum ThroughputRange
{
    Hour,
    Day,
}

/// <summary>People read and written in one bucket (a minute or an hour) starting at <see cref="Start"/> (UTC).</summary>
public sealed record ThroughputBucket(DateTime Start, long Read, long Written);

/// <summary>A fixed number of consecutive buckets ending with the current one; empty buckets are zeros.</summary>
public sealed record ThroughputSeries(ThroughputRange Range, TimeSpan Step, IReadOnlyList<ThroughputBucket> Buckets)
{
    public long TotalRead => Buckets.Sum(b => b.Read);
    public long TotalWritten => Buckets.Sum(b => b.Written);
}

/// <summary>
/// Per-minute throughput samples of one account: added to by each batch, inside the batch's transaction; read back
/// as a bounded series (at most 60 or 24 buckets from at most a day of rows, whatever the volume synced).
/// Scoped with the batch's <see cref="AppDbContext"/>, whose account filter covers every query here.
/// </summary>
public sealed class SyncThroughput(AppDbContext db, TimeProvider clock)
{
    /// <summary>How long minutes are kept: the day view needs 24 hours.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(25);

    /// <summary>
    /// Adds a batch's counts to its minute. The change is tracked, not saved: the batch's SaveChanges writes it with
    /// the people and the checkpoint, so a batch that rolls back leaves no sample.
    /// </summary>
    public async Task AddAsync(Guid accountId, DateTime at, long read, long written, CancellationToken ct)
    {
        if (read == 0 && written == 0)
        {
            return;
        }

        var minute = Floor(at, TimeSpan.FromMinutes(1));
        var sample = await db.SyncThroughputSamples.FindAsync([accountId, minute], ct);
        if (sample is null)
        {
            // At most once a minute per account, and in the batch's transaction like the new row.
            var expired = minute - Retention;
            await db.SyncThroughputSamples.Where(s => s.SalesAccountId == accountId && s.Minute < expired).ExecuteDeleteAsync(ct);
            sample = new SyncThroughputSample { SalesAccountId = accountId, Minute = minute };
            db.SyncThroughputSamples.Add(sample);
        }

        sample.PeopleRead += read;
        sample.PeopleWritten += written;
    }

    public async Task<ThroughputSeries> ReadAsync(ThroughputRange range, CancellationToken ct)
    {
        var (step, count) = range == ThroughputRange.Day ? (TimeSpan.FromHours(1), 24) : (TimeSpan.FromMinutes(1), 60);
        var first = Floor(clock.GetUtcNow().UtcDateTime, step) - (step * (count - 1));
        var read = new long[count];
        var written = new long[count];
        var rows = await db.SyncThroughputSamples.AsNoTracking().Where(s => s.Minute >= first)
            .Select(s => new { s.Minute, s.PeopleRead, s.PeopleWritten }).ToListAsync(ct);
        foreach (var row in rows)
        {
            var index = (int)((row.Minute - first).Ticks / step.Ticks);
            if (index >= 0 && index < count)
            {
                read[index] += row.PeopleRead;
                written[index] += row.PeopleWritten;
            }
        }

        return new ThroughputSeries(range, step, [.. Enumerable.Range(0, count).Select(i => new ThroughputBucket(first + (step * i), read[i], written[i]))]);
    }

    private static DateTime Floor(DateTime at, TimeSpan step) => new(at.Ticks - (at.Ticks % step.Ticks), DateTimeKind.Utc);
}
