using System.Security.Claims;
using Microsoft.Identity.Web;

namespace SalesInsightActions.Web.Users.SignIn.Sso;

/// <summary>Who Microsoft Entra ID says signed in: the immutable tenant/object ids and the email to match a member by.</summary>
public sealed record EntraIdentity(string TenantId, string ObjectId, string? Email, string? DisplayName)
{
    /// <summary>The external login key: an Entra user is unique by (tid, oid); sub is pairwise per app and email can change.</summary>
    public string ProviderKey => $"{TenantId}/{ObjectId}";

    public static EntraIdentity? From(ClaimsPrincipal principal)
    {
        // Identity.Web's helpers read both the raw ("tid", "oid") and the mapped long claim types.
        var tenantId = principal.GetTenantId();
        var objectId = principal.GetObjectId();
        if (string.IsNullOrEmpty(tenantId) || string.IsNullOrEmpty(objectId))
        {
            return null;
        }

        var email = First(principal, ClaimTypes.Email, "email") ?? First(principal, "preferred_username");
        return new EntraIdentity(tenantId, objectId, email?.Trim(), First(principal, "name"));
    }

    private static string? First(ClaimsPrincipal principal, params string[] types) =>
        types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
