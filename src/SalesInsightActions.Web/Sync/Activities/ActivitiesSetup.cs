using SalesInsightActions.Web.Sync.Activities.SalesEmails;

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
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<Diagnostics.ActivityDiagnostics>();
        builder.Services.AddScoped<TaskSettingsService>();
        builder.Services.AddOptions<SalesEmailOptions>()
            .Bind(builder.Configuration.GetSection(SalesEmailOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<SalesEmailSender>();
        builder.Services.AddScoped<SalesEmailTracking>();
        builder.Services.AddScoped<InboundMailSecrets>();
        builder.Services.AddScoped<InboundMail>();
        builder.Services.AddScoped<Campaigns.SalesCampaigns>();
        builder.Services.AddScoped<EmailTemplates.EmailTemplates>();
        builder.Services.AddScoped<EmailOptOuts>();
        builder.Services.AddScoped<EmailOptOutWriter>();
        return builder;
    }

    /// <summary>The sales emails' anonymous routes: open pixel, tracked links, inbound-mail webhook.</summary>
    public static WebApplication MapActivities(this WebApplication app)
    {
        app.MapSalesEmails();
        return app;
    }
}
