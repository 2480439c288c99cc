using Microsoft.Playwright;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>
/// One test class's world: a fresh PostgreSQL database, the app on Kestrel over it, and one Chromium.
/// Each test opens its own browser context (its own cookies) from <see cref="Browser"/>.
/// </summary>
public abstract class BrowserAppFixture : IAsyncLifetime
{
    private PostgresDatabase? _database;
    private IPlaywright? _playwright;

    public KestrelApp App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Extra configuration for this class's app (e.g. sandbox mode), given the address it will listen on.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings(Uri baseUrl) => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        // The app (migrations) and Chromium start side by side.
        var starting = KestrelApp.StartAsync(_database.ConnectionString, Settings);
        try
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await Chromium.LaunchAsync(_playwright);
        }
        finally
        {
            App = await starting;
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>The product as deployed: no simulators, mail over SMTP to maildev.</summary>
public sealed class ProductAppFixture : BrowserAppFixture;

/// <summary>
/// Sandbox mode as a developer runs it: the vendor simulators mounted in-process under /sandbox, the sandbox's own
/// account, and Microsoft sign-in pointed at the simulated Entra tenant under this app's own /sandbox prefix.
/// </summary>
public class SandboxAppFixture : BrowserAppFixture
{
    public const string EntraTenantId = "7f1c2d3e-0000-4000-8000-00000000e1d0";

    protected override IReadOnlyDictionary<string, string?> Settings(Uri baseUrl) => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "true",
        ["AzureAd:Instance"] = new Uri(baseUrl, "sandbox/").ToString(),
        ["AzureAd:TenantId"] = EntraTenantId,
        ["AzureAd:ClientId"] = "sim-entra-client-id",
        ["AzureAd:ClientSecret"] = "sim-entra-client-secret",
        ["AzureAd:CallbackPath"] = "/signin-entra",
        ["AzureAd:ResponseType"] = "code",
    };
}

/// <summary>
/// Sandbox mode exactly as <c>dotnet run</c> gives it (appsettings.Development.json): mail to the dev mailbox page, and
/// the people sync reading the simulator's history from 2023-12 and polling bulk exports every second, so a started
/// sync reaches "Up to date" within a minute or two.
/// </summary>
public sealed class DeveloperSandboxAppFixture : SandboxAppFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings(Uri baseUrl) => new Dictionary<string, string?>(base.Settings(baseUrl))
    {
        ["Email:DevMailbox"] = "true",
        ["PeopleSync:HistoryStart"] = "2023-12-01T00:00:00Z",
        ["Marketo:BulkExportPollInterval"] = "00:00:01",
    };
}
