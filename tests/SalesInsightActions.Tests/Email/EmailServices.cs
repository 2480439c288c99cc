using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Infrastructure.Database;

namespace SalesInsightActions.Tests.Email;

/// <summary>
/// The email services as <c>builder.AddEmail()</c> registers them (minus the hosted loop), on a
/// real database and the real maildev SMTP server, with settings a test can change.
/// </summary>
public static class EmailServices
{
    public const string FromAddress = "invites@sia-test.example";

    public static ServiceProvider Build(string postgresConnectionString, TimeProvider clock, int? smtpPort = null, IDictionary<string, string?>? settings = null) =>
        Build(o => DatabaseSetup.ConfigurePostgres(o, postgresConnectionString), typeof(PostgresAppDbContext), clock, smtpPort, settings);

    public static ServiceProvider BuildSqlite(string sqlitePath, TimeProvider clock, IDictionary<string, string?>? settings = null) =>
        Build(o => DatabaseSetup.ConfigureSqlite(o, $"Data Source={sqlitePath};Pooling=False"), typeof(SqliteAppDbContext), clock, null, settings);

    private static ServiceProvider Build(Action<DbContextOptionsBuilder> database, Type contextType, TimeProvider clock, int? smtpPort, IDictionary<string, string?>? settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = TestEnvironment.SmtpHost,
            ["Smtp:Port"] = (smtpPort ?? TestEnvironment.SmtpPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:TimeoutSeconds"] = "5",
            ["Smtp:FromAddress"] = FromAddress,
            ["Email:RetryBaseDelaySeconds"] = "60",
            ["Email:RetryMaxDelaySeconds"] = "600",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddScoped<AccountScope>();
        if (contextType == typeof(PostgresAppDbContext))
        {
            services.AddDbContext<AppDbContext, PostgresAppDbContext>(database);
        }
        else
        {
            services.AddDbContext<AppDbContext, SqliteAppDbContext>(database);
        }

        services.AddSingleton(clock);
        services.AddEmailServices(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A port nothing listens on: connecting is refused at once, like a mail server that is down.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
