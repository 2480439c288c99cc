using SalesInsightActions.Web.Onboarding.ActionsConfig;

namespace SalesInsightActions.Web.Onboarding;

public static class OnboardingSetup
{
    public static WebApplicationBuilder AddOnboarding(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SetupTracker>();
        builder.AddActionsConfig();
        return builder;
    }
}
