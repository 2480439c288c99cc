using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace SalesInsightActions.Web.Users.Invitations;

/// <summary>Invitation link tokens: 256 random bits in the link, only their SHA-256 in the database.</summary>
public static class InvitationToken
{
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
