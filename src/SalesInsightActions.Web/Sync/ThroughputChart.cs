using System.Globalization;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Sync.Diagnostics;

namespace SalesInsightActions.Web.Sync;

/// <summary>One row of the chart's table alternative: a bucket in which people were read or written.</summary>
public sealed record ThroughputChartRow(string At, string Read, string Written);

/// <summary>
/// The sync page's throughput chart, laid out once on the server: the page renders it as SVG and the status JSON
/// carries the same figures, so wwwroot/js/sync-status.js only copies attributes and text (no geometry of its own).
/// </summary>
public sealed record ThroughputChart(
    string Range,
    string Title,
    string Summary,
    string ReadPoints,
    string WrittenPoints,
    string YMax,
    string YMid,
    string XStart,
    string XEnd,
    IReadOnlyList<ThroughputChartRow> Rows)
{
    public const int Width = 600;
    public const int Height = 200;
    public const int Left = 56;
    public const int Right = 592;
    public const int Top = 12;
    public const int Bottom = 172;

    public static int Middle => (Top + Bottom) / 2;

    public static ThroughputChart From(ThroughputSeries series, IStringLocalizer localizer, CultureInfo culture)
    {
        var buckets = series.Buckets;
        var scale = NiceCeiling(buckets.Count == 0 ? 0 : buckets.Max(b => Math.Max(b.Read, b.Written)));
        var label = series.Range == ThroughputRange.Day ? "MM-dd HH:mm" : "HH:mm";
        string At(DateTime at) => at.ToString(label, CultureInfo.InvariantCulture);
        string Number(long n) => n.ToString("N0", culture);

        var from = buckets.Count > 0 ? At(buckets[0].Start) : "";
        var to = buckets.Count > 0 ? At(buckets[^1].Start + series.Step) : "";
        var busiest = buckets.OrderByDescending(b => b.Read).ThenByDescending(b => b.Start).FirstOrDefault();
        var summary = busiest is null || (series.TotalRead == 0 && series.TotalWritten == 0)
            ? localizer["No people were read or written from {0} to {1} UTC.", from, to].Value
            : localizer["From {0} to {1} UTC: {2} people read and {3} written.", from, to, Number(series.TotalRead), Number(series.TotalWritten)] + " "
                + localizer[series.Range == ThroughputRange.Day ? "Busiest hour: {0} people read at {1} UTC." : "Busiest minute: {0} people read at {1} UTC.", Number(busiest.Read), At(busiest.Start)];

        return new ThroughputChart(
            series.Range == ThroughputRange.Day ? "day" : "hour",
            series.Range == ThroughputRange.Day ? localizer["People read and written per hour, last 24 hours"] : localizer["People read and written per minute, last 60 minutes"],
            summary,
            Points(buckets.Select(b => b.Read).ToList(), scale),
            Points(buckets.Select(b => b.Written).ToList(), scale),
            Number(scale),
            Number(scale / 2),
            from,
            to,
            [.. buckets.Where(b => b.Read > 0 || b.Written > 0).Select(b => new ThroughputChartRow(At(b.Start), Number(b.Read), Number(b.Written)))]);
    }

    /// <summary>The y axis' top: 1, 2 or 5 times a power of ten, at least 10, so its half is a round number too.</summary>
    internal static long NiceCeiling(long peak)
    {
        long nice = 10;
        while (nice < peak)
        {
            nice = (nice.ToString(CultureInfo.InvariantCulture)[0]) switch
            {
                '1' => nice * 2,
                '2' => nice / 2 * 5,
                _ => nice * 2,
            };
        }

        return nice;
    }

    private static string Points(IReadOnlyList<long> values, long scale)
    {
        if (values.Count == 0)
        {
            return "";
        }

        var step = values.Count > 1 ? (double)(Right - Left) / (values.Count - 1) : 0;
        return string.Join(' ', values.Select((v, i) => string.Create(CultureInfo.InvariantCulture,
            $"{Left + (i * step):0.#},{Bottom - ((double)Math.Min(v, scale) / scale * (Bottom - Top)):0.#}")));
    }
}
