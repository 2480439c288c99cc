using Microsoft.Extensions.Options;
using SalesInsightActions.Simulators;

namespace SalesInsightActions.Web.Infrastructure.Sandbox;

public static class SandboxSetup
{
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Sandbox mode mounts anonymous simulator controls and the dev mailbox and needs no key-ring
        // certificate: acceptable on a laptop, never on a production host.
        if (builder.Environment.IsProduction() && builder.Configuration.GetValue<bool>($"{SandboxOptions.Section}:{nameof(SandboxOptions.Enabled)}"))
        {
            throw new InvalidOperationException(
                "Sandbox:Enabled is true while the environment is Production. Sandbox mode mounts the vendor simulators and the dev mailbox for anyone to use; set Sandbox:Enabled=false (or run in Development).");
        }

        builder.Services.AddSingleton<SandboxAccount>();
        builder.Services.AddHostedService<SandboxAccountInitializer>();
        if (builder.Configuration.GetValue<bool>($"{SandboxOptions.Section}:{nameof(SandboxOptions.Enabled)}"))
        {
            builder.Services.AddVendorSimulators(builder.Configuration.GetSection(SimulatorOptions.SectionName));
        }

        return builder;
    }

    /// <summary>
    /// In sandbox mode the vendor simulators answer under the path prefix exactly as the vendors do at
    /// their roots (e.g. /sandbox/rest/v1/leads.json), so the product's clients talk real HTTP to them.
    /// </summary>
    public static WebApplication UseSandbox(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        if (options.Enabled)
        {
            app.Map(options.PathPrefix, simulators =>
            {
                simulators.UseRouting();
                simulators.UseEndpoints(endpoints => endpoints.MapVendorSimulators());
            });
        }

        return app;
    }
}
