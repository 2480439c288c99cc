using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Audit;
using SalesInsightActions.Web.Connections;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Home;
using SalesInsightActions.Web.Infrastructure.Database;
using SalesInsightActions.Web.Infrastructure.Health;
using SalesInsightActions.Web.Infrastructure.Hosting;
using SalesInsightActions.Web.Infrastructure.Localization;
using SalesInsightActions.Web.Infrastructure.Sandbox;
using SalesInsightActions.Web.Sync.Activities.Api;
using SalesInsightActions.Web.Infrastructure.Security;
using SalesInsightActions.Web.Infrastructure.Telemetry;
using SalesInsightActions.Web.Onboarding;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.SignIn.Sso;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddSecretFiles()
    .AddStructuredLogging()
    .AddTelemetry()
    .AddDatabase()
    .AddSharedDataProtection()
    .AddProxySupport()
    .AddProductLocalization()
    .AddHealth()
    .AddSandbox()
    .AddAccounts()
    .AddAudit()
    .AddConnections()
    .AddEmail()
    .AddUsers()
    .AddEntraSso()
    .AddOnboarding()
    .AddMemberHome()
    .AddSync()
    .AddActivities()
    .AddActivitiesApi()
    .AddRateLimiting()
    .AddWebUi();

var app = builder.Build();

app.UseProxySupport()
    .UseRequestLogging()
    .UseSandbox()
    .UseSecurityHeaders()
    .UseProductLocalization()
    .UseWebUi()
    .UseRateLimiting()
    .UseSignIn()
    .UseAccountResolution()
    .UseAccountAuthorization()
    .MapHealth()
    .MapTelemetry()
    .MapActivitiesApi()
    .MapWebUi()
    .MapActivities()
    .LogUrlsToOpen();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
