using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Infrastructure.Sandbox;

public static class SandboxSetup
{
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SandboxAccount>();
        builder.Services.AddHostedService<SandboxAccountInitializer>();
        return builder;
    }

    /// <summary>In sandbox mode the vendor simulators answer under the path prefix, e.g. /sandbox/rest/v1/….</summary>
    public static WebApplication UseSandbox(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        return app;
    }
}
