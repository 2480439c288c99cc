namespace SalesInsightActions.Simulators.DataSet;

/// <summary>Shape of the generated cross-vendor data set (section "Simulators:DataSet").</summary>
public sealed class DataSetOptions
{
    /// <summary>Drives every generated value; same seed + index gives the same person.</summary>
    public int Seed { get; set; } = 20261124;

    /// <summary>Number of Marketo leads generated on demand (up to 1,500,000, no per-lead memory).</summary>
    public int PersonCount { get; set; } = 2_500;

    /// <summary>Generated Salesforce owner users besides the two seeded login users.</summary>
    public int OwnerUserCount { get; set; } = 8;
}
