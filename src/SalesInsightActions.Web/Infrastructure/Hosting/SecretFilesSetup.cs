namespace SalesInsightActions.Web.Infrastructure.Hosting;

/// <summary>
/// Settings read from one file per key (Docker and Kubernetes secrets): a file named
/// <c>ConnectionStrings__Postgres</c> in the folder sets <c>ConnectionStrings:Postgres</c>. The folder is
/// <c>SecretsDirectory</c> (default <c>/run/secrets</c>, where compose mounts secrets); a missing folder is fine.
/// They override appsettings and environment variables so a secret never has to appear in either.
/// </summary>
public static class SecretFilesSetup
{
    public const string DefaultDirectory = "/run/secrets";

    public static WebApplicationBuilder AddSecretFiles(this WebApplicationBuilder builder)
    {
        var directory = builder.Configuration["SecretsDirectory"] is { Length: > 0 } configured ? configured : DefaultDirectory;
        builder.Configuration.AddKeyPerFile(source =>
        {
            source.FileProvider = Directory.Exists(directory) ? new Microsoft.Extensions.FileProviders.PhysicalFileProvider(directory) : null;
            source.Optional = true;
            // A setting's name never has a dot; files that do (dataprotection.pfx, Kubernetes' ..data links) are not
            // settings. The key-per-file reader already drops a file's trailing newline.
            source.IgnoreCondition = name => name.Contains('.', StringComparison.Ordinal);
        });
        return builder;
    }
}
