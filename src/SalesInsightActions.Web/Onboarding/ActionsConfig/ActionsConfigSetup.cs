namespace SalesInsightActions.Web.Onboarding.ActionsConfig;

public static class ActionsConfigSetup
{
    public static WebApplicationBuilder AddActionsConfig(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ActionsConfigOptions>()
            .Bind(builder.Configuration.GetSection(ActionsConfigOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ActionsConfigRateLimiter>();
        builder.Services.AddSingleton<ActionsConfigAccess>();
        builder.Services.AddScoped<ActionsConfigCredentialStore>();
        builder.Services.AddScoped<ActionsConfigService>();
        return builder;
    }
}
