using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.SignIn.Sso;

namespace SalesInsightActions.Tests.Users.Sso;

/// <summary>
/// The app (TestServer, real PostgreSQL) configured for Microsoft sign-in against the Entra-like issuer on real
/// Kestrel, plus an HttpClient-driven browser that walks the whole OpenID Connect round trip.
/// </summary>
public sealed partial class EntraSsoHost : IAsyncDisposable
{
    public const string TenantId = "7f1c2d3e-0000-4000-8000-00000000e1d0";
    public const string EntraPassword = "Sandbox-Pass-1";

    // The issuer "registers" redirect URIs by the prefix http://localhost:{port}, so the app answers on a port-ful host.
    public static readonly Uri AppBaseUrl = new("http://localhost:5080/");

    private readonly PostgresDatabase _database;
    private readonly AppFactory _factory;

    private EntraSsoHost(PostgresDatabase database, SimulatorServer issuer, AppFactory factory, WebApplicationFactory<Program> app)
    {
        _database = database;
        _factory = factory;
        Issuer = issuer;
        App = app;
    }

    public SimulatorServer Issuer { get; }
    public WebApplicationFactory<Program> App { get; }

    public static async Task<EntraSsoHost> StartAsync()
    {
        var database = await PostgresDatabase.CreateAsync();
        var issuer = await SimulatorServer.StartAsync();
        var factory = new AppFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = issuer.BaseUrl.ToString(),
            ["AzureAd:TenantId"] = TenantId,
            ["AzureAd:ClientId"] = "sim-entra-client-id",
            ["AzureAd:ClientSecret"] = "sim-entra-client-secret",
            ["AzureAd:CallbackPath"] = "/signin-entra",
            ["AzureAd:ResponseType"] = "code",
        });
        var app = factory.WithWebHostBuilder(web => web.ConfigureServices((context, services) =>
        {
            // A no-op once Program.cs calls builder.AddEntraSso() itself (the registration is idempotent).
            services.AddEntraSso(context.Configuration, context.HostingEnvironment);
            // Only because this "browser" is an HttpClient on plain http (docs/entra-sso-offline.md).
            services.PostConfigure<OpenIdConnectOptions>(EntraSsoSetup.Scheme, o =>
            {
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        }));
        app.CreateClient().Dispose();
        return new EntraSsoHost(database, issuer, factory, app);
    }

    public HttpClient CreateAppClient() => App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = AppBaseUrl, AllowAutoRedirect = false });

    public async Task<Guid> CreateAccountAsync(LoginManagement login, bool entraSso, string name = "Contoso")
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = new SalesAccount
        {
            Name = name, MunchkinId = $"{Random.Shared.Next(100, 999)}-SSO-{Random.Shared.Next(100, 999)}", CreatedAt = DateTime.UtcNow,
            LoginManagement = login, EntraSsoEnabled = entraSso,
        };
        db.SalesAccounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    /// <summary>A member with a password sign-in (Active), or only an invitation (Invited, no sign-in identity yet).</summary>
    public async Task<Member> CreateMemberAsync(Guid accountId, string email, MemberStatus status, MemberRole role = MemberRole.StandardUser)
    {
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(accountId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        string? userId = null;
        if (status != MemberStatus.Invited)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, SalesAccountId = accountId };
            var created = await users.CreateAsync(user, AccountSeeder.Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            userId = user.Id;
        }

        var member = new Member
        {
            Email = email, NormalizedEmail = email.ToUpperInvariant(), Role = role, Status = status, UserId = userId,
            InvitedAt = DateTime.UtcNow, ActivatedAt = status == MemberStatus.Active ? DateTime.UtcNow : null,
            DeactivatedAt = status == MemberStatus.Deactivated ? DateTime.UtcNow : null,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member;
    }

    public async Task<T> QueryAsync<T>(Guid accountId, Func<AppDbContext, UserManager<AppUser>, Task<T>> query)
    {
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccountScope>().Enter(accountId);
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>());
    }

    /// <summary>
    /// "Sign in with Microsoft" end to end: the app's challenge, the issuer's sign-in form, its auto-submitting
    /// form_post back to the app's callback, and the app's completion page. Returns the completion page's response.
    /// </summary>
    public async Task<HttpResponseMessage> SignInWithMicrosoftAsync(HttpClient app, string entraUser, string returnUrl = "/settings/sign-in-methods")
    {
        var (action, fields) = await AuthenticateAtIssuerAsync(app, entraUser, returnUrl);
        var callback = await app.PostAsync(action, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.StartsWith("/sign-in/entra/complete", callback.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return await app.GetAsync(callback.Headers.Location);
    }

    /// <summary>Up to the issuer's auto-submitting form_post: returns the app callback it targets and its fields.</summary>
    public async Task<(Uri Action, Dictionary<string, string> Fields)> AuthenticateAtIssuerAsync(HttpClient app, string entraUser, string returnUrl = "/settings/sign-in-methods")
    {
        var challenge = await AccountSeeder.PostFormAsync(app, "/sign-in/entra", new() { ["returnUrl"] = returnUrl }, formPageUrl: "/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{Issuer.BaseUrl}{TenantId}/oauth2/v2.0/authorize?", authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);

        using var browserAtIssuer = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });
        var signInPage = await browserAtIssuer.GetStringAsync(authorize);
        var signInForm = HtmlForm.Parse(signInPage, new Uri(Issuer.BaseUrl, "/"));
        signInForm.Fields["login"] = entraUser;
        signInForm.Fields["passwd"] = EntraPassword;
        var formPost = await browserAtIssuer.PostAsync(signInForm.Action, new FormUrlEncodedContent(signInForm.Fields));
        Assert.Equal(HttpStatusCode.OK, formPost.StatusCode);
        var callbackForm = HtmlForm.Parse(await formPost.Content.ReadAsStringAsync(), AppBaseUrl);
        Assert.Equal(new Uri(AppBaseUrl, "/signin-entra"), callbackForm.Action);
        Assert.True(callbackForm.Fields.ContainsKey("code"), "the issuer answers the code flow with a code");
        return (callbackForm.Action, callbackForm.Fields);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _factory.DisposeAsync();
        await Issuer.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>An HTML form's absolute action and its named input values, as a browser would submit them.</summary>
    private sealed partial record HtmlForm(Uri Action, Dictionary<string, string> Fields)
    {
        public static HtmlForm Parse(string html, Uri baseUrl)
        {
            var action = FormAction().Match(html);
            Assert.True(action.Success, "no form in: " + html);
            var fields = Input().Matches(html).ToDictionary(
                m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value), StringComparer.Ordinal);
            return new HtmlForm(new Uri(baseUrl, WebUtility.HtmlDecode(action.Groups["action"].Value)), fields);
        }

        [GeneratedRegex("""<form[^>]*\saction="(?<action>[^"]*)""", RegexOptions.IgnoreCase)]
        private static partial Regex FormAction();

        [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)""", RegexOptions.IgnoreCase)]
        private static partial Regex Input();
    }
}
