using System.Globalization;
using Microsoft.Extensions.Localization;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Diagnostics;

namespace SalesInsightActions.Tests.Sync;

/// <summary>The chart's layout: the numbers the SVG, the summary and the table alternative are drawn from.</summary>
public sealed class ThroughputChartTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 10)]
    [InlineData(11, 20)]
    [InlineData(21, 50)]
    [InlineData(51, 100)]
    [InlineData(180, 200)]
    [InlineData(201, 500)]
    [InlineData(1_000_001, 2_000_000)]
    public void The_y_axis_top_is_a_round_number_at_or_above_the_peak(long peak, long top) =>
        Assert.Equal(top, ThroughputChart.NiceCeiling(peak));

    [Fact]
    public void Points_scale_to_the_plot_and_only_busy_minutes_are_rows()
    {
        var start = new DateTime(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);
        var buckets = Enumerable.Range(0, 60).Select(i => new ThroughputBucket(start.AddMinutes(i), i == 10 ? 200 : 0, i == 10 ? 50 : 0)).ToList();

        var chart = ThroughputChart.From(new ThroughputSeries(ThroughputRange.Hour, TimeSpan.FromMinutes(1), buckets), new Echo(), CultureInfo.InvariantCulture);

        var read = chart.ReadPoints.Split(' ');
        Assert.Equal(60, read.Length);
        Assert.Equal($"{ThroughputChart.Left},{ThroughputChart.Bottom}", read[0]);
        Assert.EndsWith($",{ThroughputChart.Top}", read[10], StringComparison.Ordinal);
        Assert.Equal($"{ThroughputChart.Right},{ThroughputChart.Bottom}", read[^1]);
        Assert.Equal(("200", "100", "09:00", "10:00"), (chart.YMax, chart.YMid, chart.XStart, chart.XEnd));
        Assert.Equal([new ThroughputChartRow("09:10", "200", "50")], chart.Rows);
        Assert.Equal("From 09:00 to 10:00 UTC: 200 people read and 50 written. Busiest minute: 200 people read at 09:10 UTC.", chart.Summary);

        var idle = ThroughputChart.From(new ThroughputSeries(ThroughputRange.Day, TimeSpan.FromHours(1),
            [.. Enumerable.Range(0, 24).Select(i => new ThroughputBucket(start.AddHours(i), 0, 0))]), new Echo(), CultureInfo.InvariantCulture);
        Assert.Equal("day", idle.Range);
        Assert.Empty(idle.Rows);
        Assert.Equal("No people were read or written from 11-28 09:00 to 11-29 09:00 UTC.", idle.Summary);
    }

    /// <summary>English is the keys themselves.</summary>
    private sealed class Echo : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(CultureInfo.InvariantCulture, name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
