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
using SalesInsightActions.Web.Infrastructure.Security;
using SalesInsightActions.Web.Onboarding;
using SalesInsightActions.Web.Sync;
using SalesInsightActions.Web.Sync.Activities;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.SignIn.Sso;

var builder = WebApplication.CreateBuilder(args);

builder.AddStructuredLogging()
    .AddDatabase()
    .AddSharedDataProtection()
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
    .AddRateLimiting()
    .AddWebUi();

var app = builder.Build();

app.UseRequestLogging()
    .UseSandbox()
    .UseSecurityHeaders()
    .UseProductLocalization()
    .UseWebUi()
    .UseRateLimiting()
    .UseSignIn()
    .UseAccountResolution()
    .UseAccountAuthorization()
    .MapHealth()
    .MapWebUi()
    .LogUrlsToOpen();

app.Run();

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
