using System.Security.Cryptography;
using System.Text;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>RFC 7636 PKCE with S256, and random state values.</summary>
internal static class Pkce
{
    /// <summary>43–128 characters from the unreserved set: 32 random bytes base64url-encoded give 43.</summary>
    public static string CreateVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string CreateState() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
