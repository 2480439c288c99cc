using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using SalesInsightActions.Simulators;

namespace SalesInsightActions.Tests.Simulators;

/// <summary>
/// The vendor simulators on a real Kestrel socket at http://127.0.0.1:{free port}, at the root or, with a
/// path prefix, mounted the way the app's sandbox mode does it (app.Map(prefix, UseRouting + MapVendorSimulators)).
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorServer(WebApplication app, Uri origin, Uri baseUrl)
    {
        _app = app;
        Origin = origin;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the simulators are mounted, with a trailing slash (includes the path prefix if any).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Scheme, host and port only (no path prefix), with a trailing slash.</summary>
    public Uri Origin { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="configure">Overrides of the simulator knobs.</param>
    /// <param name="pathPrefix">E.g. "/sandbox": the simulators are mapped in a branch under it, as the app does.</param>
    /// <param name="time">A fake clock for tests of expiry and job progress (no real-time waits); system clock if null.</param>
    public static async Task<SimulatorServer> StartAsync(Action<SimulatorOptions>? configure = null, string? pathPrefix = null, TimeProvider? time = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.Services.AddVendorSimulators(new ConfigurationBuilder().Build(), configure);
        WebApplication app = builder.Build();
        if (pathPrefix is null)
        {
            app.MapVendorSimulators();
        }
        else
        {
            app.Map(pathPrefix, branch =>
            {
                branch.UseRouting();
                branch.UseEndpoints(endpoints => endpoints.MapVendorSimulators());
            });
        }
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var origin = new Uri(address.TrimEnd('/') + "/");
        return new SimulatorServer(app, origin, pathPrefix is null ? origin : new Uri(origin, pathPrefix.Trim('/') + "/"));
    }

    public HttpClient CreateClient()
    {
        return new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public T GetRequiredService<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
