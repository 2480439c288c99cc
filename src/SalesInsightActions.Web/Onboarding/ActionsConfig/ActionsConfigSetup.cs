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
        // Scoped: it uses IAuthorizationService, which is scoped.
        builder.Services.AddScoped<ActionsConfigAccess>();
        builder.Services.AddScoped<ActionsConfigCredentialStore>();
        builder.Services.AddScoped<ActionsConfigService>();
        return builder;
    }
}
