using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesInsightActions.Web.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Email;

public static class EmailSetup
{
    /// <summary>Outbox delivery (SMTP, or the dev mailbox in sandbox mode), the dispatcher and the invitation composer.</summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddEmailServices(builder.Configuration);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        builder.Services.AddScoped<DevMailboxAccess>();
        return builder;
    }

    /// <summary>Everything but the hosted loop, so tests can drive <see cref="OutboxDispatcher.DispatchDueAsync"/> themselves.</summary>
    public static IServiceCollection AddEmailServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // The app's own Data Protection setup (key ring in the database) comes first; this only fills in for hosts without it.
        services.AddDataProtection();
        services.TryAddSingleton<SecretProtector>();
        services.AddSingleton<OutboxBodies>();
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<DevMailboxTransport>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.DevMailbox
            ? sp.GetRequiredService<DevMailboxTransport>()
            : sp.GetRequiredService<SmtpMailTransport>());
        services.AddSingleton<OutboxDispatcher>();
        services.AddScoped<InvitationEmailComposer>();
        return services;
    }
}
