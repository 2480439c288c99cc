using System.Globalization;
using System.Text.RegularExpressions;

namespace SalesInsightActions.Tests.Infrastructure.Telemetry;

/// <summary>Reads samples out of a Prometheus text exposition (what /metrics answers).</summary>
public static partial class PrometheusText
{
    /// <summary>The sum of the metric's samples whose labels include every given label; null when there is none.</summary>
    public static double? Value(string exposition, string metric, params (string Name, string Value)[] labels)
    {
        double? sum = null;
        foreach (Match line in Sample().Matches(exposition))
        {
            if (line.Groups["name"].Value != metric)
            {
                continue;
            }

            var present = Label().Matches(line.Groups["labels"].Value).ToDictionary(m => m.Groups["k"].Value, m => m.Groups["v"].Value);
            if (labels.All(l => present.TryGetValue(l.Name, out var v) && v == l.Value))
            {
                sum = (sum ?? 0) + double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex("(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<v>[^\"]*)\"")]
    private static partial Regex Label();
}
