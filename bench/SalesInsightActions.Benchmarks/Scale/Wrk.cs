using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SalesInsightActions.Benchmarks.Scale;

/// <summary>One wrk run's figures: requests per second, latency percentiles (ms), and the requests that did not answer 2xx/3xx.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50, double P90, double P99, long Requests, long Errors, string Output);

/// <summary>Drives wrk (the Debian package, /usr/bin/wrk) for a bounded duration and reads its --latency report.</summary>
public static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, string? cookie, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--timeout", "10s", "--latency" })
        {
            start.ArgumentList.Add(arg);
        }

        // As a browser asks: compressed, signed in.
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("Accept-Encoding: br, gzip");
        if (cookie is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add($"Cookie: {cookie}");
        }

        start.ArgumentList.Add(url.ToString());
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited {process.ExitCode}: {output}{error}");
        }

        return Parse(output);
    }

    public static WrkResult Parse(string output)
    {
        double Percentile(string p) => Milliseconds(Regex.Match(output, $@"^\s*{p}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline));
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = SocketErrors().Match(output) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(rps, Percentile("50"), Percentile("90"), Percentile("99"), requests, non2xx + socketErrors, output);
    }

    private static double Milliseconds(Match match)
    {
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
