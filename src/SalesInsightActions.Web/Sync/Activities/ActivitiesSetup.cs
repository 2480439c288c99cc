namespace SalesInsightActions.Web.Sync.Activities;

public static class ActivitiesSetup
{
    /// <summary>Where sales activities come from (Log a call), the person's timeline, and the writers that send them out.</summary>
    public static WebApplicationBuilder AddActivities(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ActivityWriteOptions>()
            .Bind(builder.Configuration.GetSection(ActivityWriteOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<SalesActivityRecorder>();
        builder.Services.AddScoped<MarketoActivityWriter>();
        builder.Services.AddScoped<SalesforceTaskWriter>();
        builder.Services.AddScoped<ActivityWriteRunner>();
        builder.Services.AddScoped<PersonTimeline>();
        builder.Services.AddScoped<Diagnostics.ActivityDiagnostics>();
        builder.Services.AddScoped<TaskSettingsService>();
        return builder;
    }
}
