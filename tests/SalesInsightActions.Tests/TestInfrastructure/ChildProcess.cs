using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace SalesInsightActions.Tests.TestInfrastructure;

/// <summary>
/// A built .NET program of this repository run as a real child process (<c>dotnet X.dll</c>) with environment-variable
/// configuration, its output kept for the failure message. <see cref="Kill"/> is SIGKILL of the whole process tree — no
/// shutdown hooks, no cancellation — so tests see exactly what a crashed machine leaves behind.
/// </summary>
public abstract class ChildProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    protected ChildProcess(string project, string dllName, int port, IReadOnlyDictionary<string, string?> settings)
    {
        _dll = BuiltDll(project, dllName);
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in settings)
        {
            if (value is not null)
            {
                // "Section:Key" is "Section__Key" in the environment (works on every OS).
                _environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }
    }

    public int Port { get; }
    public Uri BaseUrl { get; }
    public bool IsRunning => _process is { HasExited: false };
    public int Starts { get; private set; }

    /// <summary>Everything the process (and its predecessors since the harness was created) wrote to stdout/stderr.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The test assembly's build configuration (bin/&lt;Configuration&gt;/net10.0): the child is run from the same one.</summary>
    public static string Configuration =>
        typeof(ChildProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>
    /// The project's output in the test's configuration. The test project references both programs, so building the
    /// tests (or the solution, as CI does) builds them; a missing dll fails loudly instead of testing a stale copy elsewhere.
    /// </summary>
    public static string BuiltDll(string project, string dllName)
    {
        var dll = Path.Combine(Localization.LocalizationTests.RepositoryRoot(), "src", project, "bin", Configuration, "net10.0", dllName);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the solution in {Configuration} first (dotnet build -c {Configuration}).");
        }

        return dll;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the process (again, after a <see cref="Kill"/>) and waits until <see cref="IsReadyAsync"/> says so.</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Already running.");
        }

        _process?.Dispose();
        var start = new ProcessStartInfo("dotnet", [_dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        Starts++;
        Append($"----- start #{Starts} at {DateTime.UtcNow:HH:mm:ss.fff} -----");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        // Generous: a loaded 2-core CI machine can take a minute to start the app; the verdict never depends on it.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(240));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{GetType().Name} exited with {process.ExitCode} while starting:\n{Tail()}");
            }

            try
            {
                if (await IsReadyAsync(http))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                Kill();
                throw new TimeoutException($"{GetType().Name} was not ready within {timeout ?? TimeSpan.FromSeconds(240)}:\n{Tail()}");
            }

            await Task.Delay(100);
        }
    }

    protected abstract Task<bool> IsReadyAsync(HttpClient http);

    /// <summary>SIGKILL of the process and its children; returns once it is gone.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            Append($"----- SIGKILL at {DateTime.UtcNow:HH:mm:ss.fff} -----");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public string Tail(int chars = 6000)
    {
        var output = Output;
        return output.Length <= chars ? output : output[^chars..];
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The standalone vendor simulators (src/SalesInsightActions.Simulators.Host) as their own process.</summary>
public sealed class SimulatorProcess : ChildProcess
{
    private SimulatorProcess(int port, IReadOnlyDictionary<string, string?> settings)
        : base("SalesInsightActions.Simulators.Host", "SalesInsightActions.Simulators.Host.dll", port, settings)
    {
    }

    /// <param name="settings">Simulator knobs as configuration keys, e.g. "Simulators:DataSet:PersonCount".</param>
    public static async Task<SimulatorProcess> LaunchAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = FreePort();
        var all = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var simulator = new SimulatorProcess(port, all);
        try
        {
            await simulator.StartAsync();
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }

        return simulator;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(120) };

    protected override async Task<bool> IsReadyAsync(HttpClient http) =>
        (await http.GetAsync("/identity/oauth/token?grant_type=client_credentials&client_id=sim-marketo-client-id&client_secret=sim-marketo-client-secret")).IsSuccessStatusCode;
}
