namespace SalesInsightActions.Simulators;

/// <summary>Seeded Entra-ID-like issuer tenant, app and users (section "Simulators:Entra").</summary>
public sealed class EntraSimulatorOptions
{
    public string TenantId { get; set; } = "7f1c2d3e-0000-4000-8000-00000000e1d0";
    public string ClientId { get; set; } = "sim-entra-client-id";
    public string ClientSecret { get; set; } = "sim-entra-client-secret";

    /// <summary>Password of the seeded users (admin@ and user@sim-entra.example).</summary>
    public string UserPassword { get; set; } = "Sandbox-Pass-1";

    public int TokenLifetimeSeconds { get; set; } = 3600;
}
