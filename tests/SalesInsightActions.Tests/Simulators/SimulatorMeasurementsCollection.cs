namespace SalesInsightActions.Tests.Simulators;

/// <summary>
/// Tests that measure elapsed time or process-wide memory: they run with parallelization off, since
/// other tests in the same process would otherwise skew GC.GetTotalMemory and timings.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SimulatorMeasurementsCollection
{
    public const string Name = "Simulator measurements";
}
