namespace SalesInsightActions.Simulators.Entra;

/// <summary>
/// Settings of the Entra-ID-like OIDC issuer (section "Simulators:Entra", exposed as <see cref="SimulatorOptions.Entra"/>).
/// </summary>
public sealed class EntraSimulatorOptions
{
    public string TenantId { get; set; } = "7f1c2d3e-0000-4000-8000-00000000e1d0";
    public string ClientId { get; set; } = "sim-entra-client-id";
    public string ClientSecret { get; set; } = "sim-entra-client-secret";

    /// <summary>Password of every seeded user (admin@sim-entra.example, user@sim-entra.example).</summary>
    public string UserPassword { get; set; } = "Sandbox-Pass-1";

    /// <summary>Lifetime of id and access tokens (Entra's default is about an hour).</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>
    /// Redirect URIs are "registered" by prefix because test and sandbox ports are dynamic.
    /// A deployed sandbox adds its public origin here.
    /// </summary>
    public string[] AllowedRedirectUriPrefixes { get; set; } = ["http://127.0.0.1:", "http://localhost:", "https://127.0.0.1:", "https://localhost:"];

    public int AuthorizationCodeLifetimeSeconds { get; set; } = 600;
    public int RefreshTokenLifetimeSeconds { get; set; } = 90 * 24 * 3600;
}
