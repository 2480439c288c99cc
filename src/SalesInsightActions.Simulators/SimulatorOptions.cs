using SalesInsightActions.Simulators.DataSet;
using SalesInsightActions.Simulators.Entra;
using SalesInsightActions.Simulators.Faults;
using SalesInsightActions.Simulators.Marketo;
using SalesInsightActions.Simulators.Salesforce;

namespace SalesInsightActions.Simulators;

/// <summary>
/// All simulator knobs, bound from the configuration section "Simulators". One instance lives in
/// DI as a singleton; the fault and limit knobs may also be changed at runtime (see /_sim/...).
/// </summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulators";

    public DataSetOptions DataSet { get; set; } = new();

    public MarketoSimulatorOptions Marketo { get; set; } = new();

    public SalesforceSimulatorOptions Salesforce { get; set; } = new();

    public EntraSimulatorOptions Entra { get; set; } = new();

    /// <summary>Initial fault knobs; the live values are held by <see cref="FaultInjector"/>.</summary>
    public FaultOptions Faults { get; set; } = new();
}
