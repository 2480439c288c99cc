using System.Security.Cryptography;
using System.Text;

using Microsoft.IdentityModel.Tokens;

namespace SalesInsightActions.Simulators;

/// <summary>PKCE S256 check (RFC 7636 4.6), shared by the Salesforce and Entra token endpoints.</summary>
internal static class Pkce
{
    public static bool VerifierMatches(string challenge, string? verifier) =>
        !string.IsNullOrEmpty(verifier)
        && string.Equals(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))), challenge, StringComparison.Ordinal);
}
