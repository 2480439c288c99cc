using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>Registration and mounting of the Entra-ID-like OIDC issuer.</summary>
public static class EntraSimulatorExtensions
{
    /// <summary>
    /// Registers the issuer's singletons. Settings come from <paramref name="options"/> when given,
    /// otherwise from the common <see cref="SimulatorOptions"/>' Entra section (defaults if neither).
    /// </summary>
    public static IServiceCollection AddEntraSimulator(this IServiceCollection services, EntraSimulatorOptions? options = null)
    {
        if (options is not null)
        {
            services.AddSingleton(options);
        }
        services.TryAddSingleton(sp => FromCommonOptions(sp));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EntraSigningKey>();
        services.TryAddSingleton<EntraAuthorizationState>();
        services.TryAddSingleton<EntraTokenFactory>();
        return services;
    }

    /// <summary>Maps discovery, JWKS, authorize, token and logout under /{tenant}/…, plus POST /_sim/entra/reset.</summary>
    public static IEndpointRouteBuilder MapEntraSimulator(this IEndpointRouteBuilder endpoints)
    {
        EntraDiscoveryEndpoints.Map(endpoints);
        EntraAuthorizeEndpoints.Map(endpoints);
        EntraTokenEndpoints.Map(endpoints);
        endpoints.MapPost("/_sim/entra/reset", (EntraAuthorizationState state) =>
        {
            state.Reset();
            return Results.NoContent();
        });
        return endpoints;
    }

    private static EntraSimulatorOptions FromCommonOptions(IServiceProvider services)
    {
        SimulatorOptions? common = services.GetService<SimulatorOptions>() ?? services.GetService<IOptions<SimulatorOptions>>()?.Value;
        if (common is null)
        {
            return new EntraSimulatorOptions();
        }
        // The common section may carry this very type or a subset with the same property names.
        object section = common.Entra;
        if (section is EntraSimulatorOptions own)
        {
            return own;
        }
        var source = common.Entra;
        return new EntraSimulatorOptions
        {
            TenantId = source.TenantId,
            ClientId = source.ClientId,
            ClientSecret = source.ClientSecret,
            UserPassword = source.UserPassword,
            TokenLifetimeSeconds = source.TokenLifetimeSeconds,
        };
    }
}
