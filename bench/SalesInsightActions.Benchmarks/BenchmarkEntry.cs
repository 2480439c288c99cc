using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SalesInsightActions.Benchmarks;

public static class BenchmarkEntry
{
    /// <summary>
    /// `sync` runs the people-sync benchmarks (Sync/SyncBenchmark.cs; `sync-child` is its child process), `scale` the pages at
    /// scale (Scale/ScaleBenchmark.cs); anything else goes
    /// to BenchmarkDotNet. In-process: the generated benchmark project would otherwise inherit the repository's central package
    /// management and warnings-as-errors. Every benchmark compares against a baseline run in the same process.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "sync":
                return await Sync.SyncBenchmark.RunAsync(args[1..]);
            case "sync-child":
                return await Sync.SyncChild.RunAsync(args[1..]);
            case "activities":
                return await Activities.ActivityBenchmark.RunAsync(args[1..]);
            case "activities-child":
                return await Activities.ActivityChild.RunAsync(args[1..]);
            case "scale":
                return await Scale.ScaleBenchmark.RunAsync(args[1..]);
        }

        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10);
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args, DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.JoinSummary));
        return 0;
    }
}
