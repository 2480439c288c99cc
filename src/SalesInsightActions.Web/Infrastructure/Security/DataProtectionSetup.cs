using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Infrastructure.Security;

public static class DataProtectionSetup
{
    /// <summary>
    /// Keys live in the database so every app instance on it can read the others' cookies,
    /// antiforgery tokens and encrypted secrets. In production the keys themselves are encrypted
    /// with a certificate (DataProtection:CertificatePath), so a copy of the database alone
    /// cannot decrypt the stored vendor secrets.
    /// </summary>
    public static WebApplicationBuilder AddSharedDataProtection(this WebApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("SalesInsightActions")
            .PersistKeysToDbContext<AppDbContext>();

        var certificatePath = builder.Configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, builder.Configuration["DataProtection:CertificatePassword"]);
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        else if (builder.Environment.IsProduction())
        {
            throw new InvalidOperationException(
                "DataProtection:CertificatePath is not set. In production the data protection keys must be encrypted with a certificate (a PFX file; DataProtection:CertificatePassword if it has one).");
        }

        builder.Services.AddSingleton<SecretProtector>();
        return builder;
    }
}
