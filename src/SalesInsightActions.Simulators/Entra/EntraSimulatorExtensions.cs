using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>Registration and mounting of the Entra-ID-like OIDC issuer.</summary>
public static class EntraSimulatorExtensions
{
    /// <summary>Registers the issuer's singletons; settings are the common <see cref="SimulatorOptions.Entra"/>.</summary>
    internal static IServiceCollection AddEntraSimulator(this IServiceCollection services, SimulatorOptions options)
    {
        services.AddSingleton(options.Entra);
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
}
