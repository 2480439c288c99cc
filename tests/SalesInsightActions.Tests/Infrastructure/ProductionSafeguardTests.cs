using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Infrastructure;

/// <summary>Settings that are harmless on a laptop and dangerous on the internet stop a production start.</summary>
public sealed class ProductionSafeguardTests
{
    [Fact]
    public async Task Sandbox_mode_refuses_to_start_in_production()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var certificate = KeyRingCertificate.Create();
        await using var app = new AppFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["DataProtection:CertificatePath"] = certificate.Path,
            // Everything else a production start needs, so the sandbox is what stops it.
            ["Invitations:PublicBaseUrl"] = "https://sales.example.com",
            ["AllowedHosts"] = "sales.example.com",
            ["Sandbox:Enabled"] = "true",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Sandbox:Enabled", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Production", error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>A throwaway PFX for DataProtection:CertificatePath, so a Production start gets past the key-ring check.</summary>
internal sealed class KeyRingCertificate : IDisposable
{
    private KeyRingCertificate(string path) => Path = path;

    public string Path { get; }

    public static KeyRingCertificate Create()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=sia-test-key-ring", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sia-key-ring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx));
        return new KeyRingCertificate(path);
    }

    public void Dispose() => File.Delete(Path);
}
