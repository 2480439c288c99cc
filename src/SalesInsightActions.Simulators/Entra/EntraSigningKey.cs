using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace SalesInsightActions.Simulators.Entra;

/// <summary>
/// The issuer's signing key and its public JWK; the kid is derived from the fixed modulus so it never changes.
/// One RSA instance per process, never disposed: IdentityModel caches signature providers by key
/// thumbprint, so a second simulator instance in the same process reuses the first one's provider.
/// </summary>
public sealed class EntraSigningKey
{
    private static readonly Lazy<RSA> SharedRsa = new(() =>
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(EntraSigningKeyPem.Pem);
        return rsa;
    });

    public EntraSigningKey()
    {
        RSAParameters publicPart = SharedRsa.Value.ExportParameters(includePrivateParameters: false);
        Modulus = Base64UrlEncoder.Encode(publicPart.Modulus!);
        Exponent = Base64UrlEncoder.Encode(publicPart.Exponent!);
        KeyId = Base64UrlEncoder.Encode(SHA256.HashData(publicPart.Modulus!))[..27];
        Credentials = new SigningCredentials(new RsaSecurityKey(SharedRsa.Value) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);
    }

    public string KeyId { get; }
    public string Modulus { get; }
    public string Exponent { get; }
    public SigningCredentials Credentials { get; }
}
