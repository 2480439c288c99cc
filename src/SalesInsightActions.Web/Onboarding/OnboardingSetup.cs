using SalesInsightActions.Web.Onboarding.ActionsConfig;
using SalesInsightActions.Web.Onboarding.FieldSync;

namespace SalesInsightActions.Web.Onboarding;

public static class OnboardingSetup
{
    public static WebApplicationBuilder AddOnboarding(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SetupTracker>();
        builder.Services.AddScoped<SalesforceConnection.SalesforceAccountConnections>();
        builder.Services.AddScoped<SalesforcePackage.SalesforcePackageChecker>();
        builder.Services.AddScoped<MarketoConnect.MarketoSettingsService>();
        builder.AddActionsConfig();
        builder.AddFieldSync();
        return builder;
    }
}
