namespace SalesInsightActions.Simulators.Faults;

/// <summary>
/// Fault knobs (section "Simulators:Faults", and POST /_sim/faults at runtime). Rates are 0..1 and
/// drawn from a seeded random so a run is repeatable.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Share of vendor calls answered with an HTTP 5xx (<see cref="ServerErrorStatus"/>).</summary>
    public double ServerErrorRate { get; set; }
    public int ServerErrorStatus { get; set; } = 503;

    /// <summary>Share of Marketo REST calls answered HTTP 200 success:false with <see cref="MarketoErrorCode"/>.</summary>
    public double MarketoErrorRate { get; set; }
    public string MarketoErrorCode { get; set; } = "606";

    /// <summary>When set, each Marketo error is drawn from these codes instead of <see cref="MarketoErrorCode"/> (e.g. 606, 615, 601, 602).</summary>
    public string[] MarketoErrorCodes { get; set; } = [];

    /// <summary>Share of writes (custom activities, Task creates and upserts) applied and then answered by a dropped connection.</summary>
    public double LostWriteAnswerRate { get; set; }

    /// <summary>Extra latency added to every vendor call.</summary>
    public int ResponseDelayMilliseconds { get; set; }

    public int RandomSeed { get; set; } = 7;
}
