using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SalesInsightActions.Simulators.Salesforce;
using SalesInsightActions.Tests.Connections.Salesforce;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Onboarding.SalesforceConnection;

/// <summary>
/// One test's world for step 2 and steps 6–7: a fresh database, the Salesforce simulator on real Kestrel (production login
/// host 127.0.0.1, sandbox login host "localhost", same simulator), the app, and a signed-in admin. Drives the browser's
/// part of OAuth (the simulator's sign-in and consent forms) over HTTP.
/// </summary>
public sealed partial class SalesforceConnectionWorld : IAsyncDisposable
{
    public const string AdminEmail = "owner@acme.example";
    public const string ProductionAdmin = "admin@sim-salesforce.example";
    public const string SandboxAdmin = "admin@sim-salesforce-sandbox.example";

    private SalesforceConnectionWorld(PostgresDatabase database, SimulatorServer salesforce, AppFactory app, Guid account, HttpClient admin)
    {
        Database = database;
        Salesforce = salesforce;
        App = app;
        Account = account;
        Admin = admin;
    }

    public PostgresDatabase Database { get; }
    public SimulatorServer Salesforce { get; }
    public AppFactory App { get; }
    public Guid Account { get; }
    public HttpClient Admin { get; }
    public Uri SandboxHost => new($"http://localhost:{Salesforce.Origin.Port}/");
    public SalesforceSimulatorState Simulator => Salesforce.GetRequiredService<SalesforceSimulatorState>();

    public static async Task<SalesforceConnectionWorld> StartAsync()
    {
        var database = await PostgresDatabase.CreateAsync();
        var salesforce = await SimulatorServer.StartAsync(o => o.Salesforce.AllowedRedirectUriPrefixes = ["http://localhost/"]);
        var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Salesforce:LoginHost"] = salesforce.BaseUrl.ToString(),
            ["Salesforce:SandboxHost"] = $"http://localhost:{salesforce.Origin.Port}/",
        });
        var account = await AccountSeeder.CreateAccountAsync(app);
        await AccountSeeder.CreateActiveMemberAsync(app, account, AdminEmail, isOriginalUser: true);
        var admin = await AccountSeeder.SignInAsync(app, AdminEmail);
        return new SalesforceConnectionWorld(database, salesforce, app, account, admin);
    }

    /// <summary>Connect → OK on the tab, then Salesforce's pages; returns the app's answer to the callback.</summary>
    public async Task<HttpResponseMessage> ConnectAsync(string environment = "production", string salesforceUser = ProductionAdmin, string decision = "allow")
    {
        var start = await AccountSeeder.PostFormAsync(Admin, "/settings/salesforce?handler=Connect", new() { ["environment"] = environment }, "/settings/salesforce");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var callback = await AuthorizeAsync(start.Headers.Location!, salesforceUser, decision);
        return await Admin.GetAsync(callback.PathAndQuery);
    }

    /// <summary>Plays the browser at Salesforce: sign-in form, consent form; returns the callback URL Salesforce redirects to.</summary>
    public static async Task<Uri> AuthorizeAsync(Uri authorize, string salesforceUser, string decision = "allow")
    {
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("state=", authorize.Query, StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true });
        var login = await browser.GetAsync(authorize);
        if (login.StatusCode == HttpStatusCode.Found)
        {
            return login.Headers.Location!;
        }

        var consent = await HtmlFormDriver.SubmitAsync(browser, authorize, await login.Content.ReadAsStringAsync(),
            new Dictionary<string, string> { ["username"] = salesforceUser, ["pw"] = "Sandbox-Pass-1" });
        var back = await HtmlFormDriver.SubmitAsync(browser, authorize, await consent.Content.ReadAsStringAsync(), new Dictionary<string, string>(), buttonValue: decision);
        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.Equal("/settings/salesforce/callback", callback.AbsolutePath);
        return callback;
    }

    /// <summary>Sets the simulated org's setup knobs over HTTP (/_sim/salesforce/org-setup).</summary>
    public async Task SetOrgAsync(object knobs)
    {
        using var client = Salesforce.CreateClient();
        var response = await client.PostAsJsonAsync("_sim/salesforce/org-setup", knobs);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Creates a hand-off link on the tab and reads it from the page (it is shown once).</summary>
    public async Task<string> CreateHandoffLinkAsync(string environment = "production")
    {
        var created = await AccountSeeder.PostFormAsync(Admin, "/settings/salesforce?handler=CreateHandoff", new() { ["environment"] = environment }, "/settings/salesforce");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await Admin.GetStringAsync("/settings/salesforce");
        var match = HandoffLink().Match(page);
        Assert.True(match.Success, "The tab shows no new hand-off link.");
        return new Uri(WebUtility.HtmlDecode(match.Groups["url"].Value)).PathAndQuery;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
        await Salesforce.DisposeAsync();
        await Database.DisposeAsync();
    }

    [GeneratedRegex("""id="handoff-url"[^>]*value="(?<url>[^"]+)""")]
    private static partial Regex HandoffLink();
}
