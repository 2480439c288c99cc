namespace SalesInsightActions.Web.Infrastructure.Health;

/// <summary>
/// <c>dotnet SalesInsightActions.Web.dll --probe [url]</c>: asks a running instance whether it is ready and exits 0 or 1.
/// The container healthcheck uses it because the ASP.NET runtime image has no curl or wget; it runs before the web
/// host is built, so a probe costs a process start and one HTTP call, not a second app.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--probe";
    public const string DefaultUrl = "http://127.0.0.1:8080/health/ready";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Argument;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await output.WriteLineAsync($"probe: '{url}' is not an http(s) URL");
            return 2;
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(uri);
            await output.WriteLineAsync($"probe: {url} answered {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"probe: {url} did not answer ({e.GetType().Name})");
            return 1;
        }
    }
}
