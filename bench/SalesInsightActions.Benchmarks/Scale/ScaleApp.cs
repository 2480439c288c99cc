using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SalesInsightActions.Benchmarks.Scale;

/// <summary>The web app's Release build as its own process on a free loopback port, content root the project folder.</summary>
public sealed partial class ScaleApp : IAsyncDisposable
{
    private readonly Process _process;

    private ScaleApp(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<ScaleApp> StartAsync(string connectionString)
    {
        var project = Path.Combine(RepositoryRoot(), "src", "SalesInsightActions.Web");
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "SalesInsightActions.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: run the benchmark with -c Release (it builds the app).");
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = project, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Logging__Json"] = "false",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["PeopleSync__SchedulerEnabled"] = "false",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = "9",
            ["Smtp__Security"] = "None",
            ["Email__PollIntervalSeconds"] = "3600",
            ["Salesforce__ClientId"] = "sim-salesforce-client-id",
            ["Salesforce__ClientSecret"] = "sim-salesforce-client-secret",
            // wrk comes from one address: the per-client limits would measure the limiter, not the pages.
            ["RateLimiting__SignInPerMinute"] = "100000",
            ["RateLimiting__AcceptPerMinute"] = "100000",
            ["RateLimiting__InvitePerMinute"] = "100000",
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { Console.WriteLine($"[app] {e.Data}"); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { Console.WriteLine($"[app] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new ScaleApp(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The app was not ready within 4 minutes.");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Signs in through the real sign-in form; returns the client and its cookies as one Cookie header for wrk.</summary>
    public async Task<(HttpClient Client, string Cookie)> SignInAsync(string email, string password)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var page = await client.GetStringAsync("/sign-in");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        using var response = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}.");
        }

        return (client, cookies.GetCookieHeader(BaseUrl));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SalesInsightActions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (SalesInsightActions.sln) was not found above the benchmark's output.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
