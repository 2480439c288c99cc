using System.Net;
using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Hosting;

/// <summary>Secrets as one file per setting (compose mounts them in /run/secrets), overriding every other source.</summary>
public sealed class SecretFilesTests
{
    [Fact]
    public async Task A_connection_string_in_a_secret_file_is_the_one_the_app_uses()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("sia-secrets-");
        try
        {
            // A trailing newline, as `echo` writes it, is not part of the value; a file with a dot is no setting.
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "ConnectionStrings__Postgres"), database.ConnectionString + "\n");
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "dataprotection.pfx"), [0x30, 0x82, 0x00]);
            // The ordinary setting points at a database that does not exist: only the file's value can make it ready.
            await using var app = new AppFactory("Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Password=x", new Dictionary<string, string?>
            {
                ["SecretsDirectory"] = folder.FullName,
            });
            using var client = app.CreateClient();

            var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
