using Microsoft.AspNetCore.DataProtection;
using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Infrastructure.Security;

public static class DataProtectionSetup
{
    /// <summary>
    /// Keys live in the database so every app instance on it can read the others' cookies,
    /// antiforgery tokens and encrypted secrets.
    /// </summary>
    public static WebApplicationBuilder AddSharedDataProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection()
            .SetApplicationName("SalesInsightActions")
            .PersistKeysToDbContext<AppDbContext>();
        builder.Services.AddSingleton<SecretProtector>();
        return builder;
    }
}
