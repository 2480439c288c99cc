using System.Globalization;
using System.Text;

namespace SalesInsightActions.Benchmarks.Sync;

/// <summary>One figure of the sync benchmark: its summary row and its section of BENCHMARKS.md.</summary>
public sealed record Figure(string Name, string Value, string Target, bool Met, string Section)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Figure InitialSync(SyncBenchmarkOptions options, long rows, long peopleRead, double syncSeconds, double copySeconds, SyncCpu cpu)
    {
        var ratio = copySeconds / syncSeconds;
        var name = $"{Count(options.People)}-person initial sync rate / PostgreSQL COPY rate";
        var section = new StringBuilder()
            .AppendLine(Invariant, $"### {Count(options.People)}-person initial sync against PostgreSQL's own COPY")
            .AppendLine()
            .AppendLine("The simulator's limits off (no call limits, bulk jobs ready at once, no daily export cap). One child process runs")
            .AppendLine("the engine's initial pass (bulk extract jobs over 31-day createdAt windows, each CSV file streamed into the store in")
            .AppendLine("batches of 5,000 read two ahead of the writer, each in one transaction with its checkpoint. The store held nobody created in")
            .AppendLine("the windows when the pass began, so each batch is binary COPY straight into `people` (`PeopleSync:CopyNewPeople`; a person")
            .AppendLine("stored after all makes the primary key refuse the batch, which is then written by staging + INSERT … ON CONFLICT … WHERE")
            .AppendLine("the hash differs, as every later write is), then its first incremental pass. The baseline, in the same run: PostgreSQL's")
            .AppendLine("binary `COPY … FROM STDIN` of the very rows the sync stored (exported first, untimed) into an empty table with the same")
            .AppendLine("columns, primary key and indexes (`LIKE people INCLUDING ALL`; `people` also has its foreign key to `sales_accounts`, checked")
            .AppendLine("per row, which the copy has not). Both rates count the people stored.")
            .AppendLine()
            .AppendLine("| | value |")
            .AppendLine("|---|---:|")
            .AppendLine(Invariant, $"| people in the simulator | {options.People:N0} |")
            .AppendLine(Invariant, $"| people read from the extract files | {peopleRead:N0} |")
            .AppendLine(Invariant, $"| people stored (those with a Salesforce owner: 9 in 10) | {rows:N0} |")
            .AppendLine(Invariant, $"| sync: time (initial + first incremental pass) | {syncSeconds:F1} s |")
            .AppendLine(Invariant, $"| sync: people stored per second | {rows / syncSeconds:N0} |")
            .AppendLine(Invariant, $"| sync: time in the batches' write transactions (COPY, checkpoint, commit) | {cpu.WriteSeconds:F1} s |")
            .AppendLine(Invariant, $"| sync: CPU of the engine's process (download, CSV, hashing, COPY rows) | {cpu.EngineSeconds:F1} s |")
            .AppendLine(Invariant, $"| sync: CPU of the simulator writing the extract files (Marketo's servers' work, on the same cores) | {cpu.SimulatorSeconds:F1} s |")
            .AppendLine(Invariant, $"| COPY: time | {copySeconds:F1} s |")
            .AppendLine(Invariant, $"| COPY: rows per second | {rows / copySeconds:N0} |")
            .AppendLine(Invariant, $"| **sync rate / COPY rate** | **{ratio:F2}×** |")
            .ToString();
        return new Figure(name, $"{ratio:F2}×", "≥ 0.5×", ratio >= 0.5, section);
    }

    public static Figure Memory(SyncBenchmarkOptions options, long smallPeakRss, long largePeakRss, double smallSeconds, double largeSeconds)
    {
        var ratio = (double)largePeakRss / smallPeakRss;
        var name = $"peak memory, initial sync of {Count(options.People)} / {Count(options.SmallPeople)} people";
        var section = new StringBuilder()
            .AppendLine(Invariant, $"### Peak memory: {Count(options.People)} people against {Count(options.SmallPeople)}")
            .AppendLine()
            .AppendLine("Each size is synced (initial + first incremental pass, limits off) by its own child process — the real app host with")
            .AppendLine("the scheduler off, Server GC as the web app runs — on its own fresh database; the figure is that process's peak")
            .AppendLine("resident set (`VmHWM` of `/proc/self/status`) read when the run ends. The simulators run in the parent process.")
            .AppendLine()
            .AppendLine("| people | sync time | peak resident set |")
            .AppendLine("|---:|---:|---:|")
            .AppendLine(Invariant, $"| {options.SmallPeople:N0} | {smallSeconds:F1} s | {smallPeakRss / 1048576.0:N0} MiB |")
            .AppendLine(Invariant, $"| {options.People:N0} | {largeSeconds:F1} s | {largePeakRss / 1048576.0:N0} MiB |")
            .AppendLine(Invariant, $"| **ratio** | | **{ratio:F2}×** |")
            .ToString();
        return new Figure(name, $"{ratio:F2}×", "≤ 1.2×", ratio <= 1.2, section);
    }

    public static Figure LimitedRate(SyncBenchmarkOptions options, double rate, long ids, double seconds, int callsToday, int refused606, int refused615, int refused607)
    {
        const double bound = 300.0 * 100 / 20;
        var ratio = rate / bound;
        var met = ratio >= 0.95 && refused606 == 0 && refused615 == 0;
        var name = "rate with Marketo's limits on / the bound they allow (zero 606/615)";
        var section = new StringBuilder()
            .AppendLine("### With Marketo's real limits on: rate against the bound")
            .AppendLine()
            .AppendLine("The simulator enforces Marketo's limits: 100 calls per sliding 20 s (606), 10 calls in flight (615), 50,000 calls a")
            .AppendLine("day (607). The path those limits bound is the one that reads people by REST: the initial pass by id ranges")
            .AppendLine("(`leads.json?filterType=id`, 300 ids a call, `PeopleSync:UseBulkExtract=false`; the incremental pass fetches changed")
            .AppendLine("people the same way, 300 a call). The client's share of the limits is set to all of them (`Marketo:SafetyShare=1.0`,")
            .AppendLine("no other integration on the subscription; the product default 0.8 leaves 20 % to others and caps this figure at 0.8).")
            .AppendLine("The engine fetches up to 8 id ranges ahead of the one it writes (`PeopleSync:RestRangesAhead`), so the client's limiter")
            .AppendLine("sets the pace; that limiter's window is the vendor's plus a 0.5 s margin (`Marketo:RateWindowMargin`), which caps this")
            .AppendLine("figure at 20 / 20.5 = 0.976.")
            .AppendLine()
            .AppendLine("**The bound.** Any 20-second interval holds at most 100 admitted calls, so an interval of T seconds (T a multiple of 20)")
            .AppendLine("holds at most 5·T calls, and each call covers at most 300 ids: **1,500 ids/s**. Calls that do not read people (token,")
            .AppendLine("describe, paging token) only lower what is achievable. Achieved: the ids covered by committed batches — the checkpoint's")
            .AppendLine(Invariant, $"cursor, polled every 0.1 s — over {options.LimitedSeconds} s, measured after {options.LimitedWarmupSeconds} s of warm-up from the first committed batch (so the")
            .AppendLine("window's first burst does not count); then the process is killed (bounded duration). Refusals are the simulator's own")
            .AppendLine("counters (`GET /_sim/marketo/usage` → `refused`) over the whole run.")
            .AppendLine()
            .AppendLine("| | value |")
            .AppendLine("|---|---:|")
            .AppendLine(Invariant, $"| ids covered in the measured interval | {ids:N0} in {seconds:F1} s |")
            .AppendLine(Invariant, $"| achieved | {rate:N0} ids/s |")
            .AppendLine(Invariant, $"| bound | {bound:N0} ids/s |")
            .AppendLine(Invariant, $"| **achieved / bound** | **{ratio:F3}** |")
            .AppendLine(Invariant, $"| calls admitted (whole run) | {callsToday:N0} |")
            .AppendLine(Invariant, $"| refused 606 / 615 / 607 | {refused606} / {refused615} / {refused607} |")
            .ToString();
        return new Figure(name, $"{ratio:F3} ({refused606} × 606, {refused615} × 615)", "≥ 0.95, zero 606/615", met, section);
    }

    public static Figure ChangesVisible(SyncBenchmarkOptions options, int changed, long inStore, long visible, double seconds, double changeSeconds, double runSeconds)
    {
        var met = visible == inStore && seconds < 30;
        var name = $"{Count(changed)} people changed in a {Count(options.People)} store: seconds until all visible";
        var section = new StringBuilder()
            .AppendLine(Invariant, $"### {changed:N0} people changed in a {Count(options.People)} store: seconds until all are visible")
            .AppendLine()
            .AppendLine("After the initial sync above, the simulator's change knob (`POST /_sim/marketo/leads/random-changes`, field `title`)")
            .AppendLine("changes random people, each one a Change Data Value activity in Marketo's feed. The clock starts before that call;")
            .AppendLine("an incremental run is started as soon as the call returns (as the scheduler's next tick would — `PeopleSync:Interval`,")
            .AppendLine("30 s by default, adds up to that much waiting on top); the clock stops when a poll of the store (every 0.1 s) finds")
            .AppendLine("every changed person it holds with the new title. People without a Salesforce owner are not in the store and not counted.")
            .AppendLine()
            .AppendLine("| | value |")
            .AppendLine("|---|---:|")
            .AppendLine(Invariant, $"| people changed in the simulator | {changed:N0} |")
            .AppendLine(Invariant, $"| of them in the store (owned) | {inStore:N0} |")
            .AppendLine(Invariant, $"| visible with the change at the end | {visible:N0} |")
            .AppendLine(Invariant, $"| making the changes (simulator) | {changeSeconds:F1} s |")
            .AppendLine(Invariant, $"| incremental run | {runSeconds:F1} s |")
            .AppendLine(Invariant, $"| **from the changes to all visible** | **{seconds:F1} s** |")
            .ToString();
        return new Figure(name, string.Create(Invariant, $"{seconds:F1} s"), "< 30 s", met, section);
    }

    private static string Count(long n) => n switch
    {
        >= 1_000_000 when n % 1_000_000 == 0 => $"{n / 1_000_000}M",
        >= 1_000 when n % 1_000 == 0 => $"{n / 1_000}k",
        _ => n.ToString("N0", Invariant),
    };
}

/// <summary>Where the large sync's time went: its write transactions (wall), and the CPU of the engine's and the simulator's processes.</summary>
public sealed record SyncCpu(double WriteSeconds, double EngineSeconds, double SimulatorSeconds);

/// <param name="Only">"initial" or "limited": run that figure alone, log it, and leave BENCHMARKS.md as it is (for iterating).</param>
public sealed record SyncBenchmarkOptions(int People, int SmallPeople, int Changes, int LimitedWarmupSeconds, int LimitedSeconds, string? Output, string? Only = null)
{
    public static SyncBenchmarkOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new SyncBenchmarkOptions(
            Int("--people", 1_000_000), Int("--small", 100_000), Int("--changes", 10_000), Int("--limited-warmup", 20), Int("--limited-seconds", 60), Value("--output"), Value("--only"));
    }
}
