using Microsoft.AspNetCore.DataProtection;

namespace SalesInsightActions.Web.Infrastructure.Security;

/// <summary>Encrypts vendor secrets and tokens before they are stored (client secrets, OAuth tokens).</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("SalesInsightActions.StoredSecrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
