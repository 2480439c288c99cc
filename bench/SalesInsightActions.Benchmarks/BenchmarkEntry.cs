using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SalesInsightActions.Benchmarks;

public static class BenchmarkEntry
{
    /// <summary>
    /// In-process: the generated benchmark project would otherwise inherit the repository's central package
    /// management and warnings-as-errors. Every benchmark compares against a baseline run in the same process.
    /// </summary>
    public static void Main(string[] args)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10);
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args, DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.JoinSummary));
    }
}
