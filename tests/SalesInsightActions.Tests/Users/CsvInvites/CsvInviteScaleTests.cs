using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Users.CsvInvites;
using SalesInsightActions.Web.Users.Invitations;
using Xunit.Abstractions;

namespace SalesInsightActions.Tests.Users.CsvInvites;

public sealed class CsvInviteScaleTests(ITestOutputHelper output)
{
    private static byte[] TenThousandRows()
    {
        var text = new StringBuilder("E-mail;Given name;Surname;Team;Role\r\n");
        for (var i = 0; i < 10_000; i++)
        {
            text.Append("person").Append(i).Append("@acme.example;\"Given ").Append(i).Append("\";Surname").Append(i).Append(";Team ").Append(i % 5).Append(";standard user\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    [Fact]
    public async Task Ten_thousand_rows_are_read_mapped_and_planned_quickly()
    {
        var bytes = TenThousandRows();
        await using var database = await PostgresDatabase.CreateAsync();
        Guid accountId;
        await using (var db = Contexts.Postgres(database.ConnectionString))
        {
            await db.Database.MigrateAsync();
            var account = new SalesAccount { Name = "Acme", MunchkinId = "111-AAA-111", CreatedAt = DateTime.UtcNow };
            db.SalesAccounts.Add(account);
            await db.SaveChangesAsync();
            accountId = account.Id;
        }

        var watch = Stopwatch.StartNew();
        var document = CsvInviteReader.Read(bytes).Document!;
        var parsed = watch.Elapsed;
        var mapping = CsvColumnMapper.AutoMap(document.Headers);
        var requests = CsvColumnMapper.ToRequests(document, mapping);
        var mapped = watch.Elapsed;

        var scope = Contexts.ScopeFor(accountId);
        await using var planDb = Contexts.Postgres(database.ConnectionString, scope);
        var localizer = new StringLocalizer<SharedResource>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));
        var service = new InvitationService(planDb, scope, new InvitationEmailComposer(localizer, Options.Create(new SmtpOptions()), TimeProvider.System),
            new SalesInsightActions.Web.Email.OutboxBodies(new SalesInsightActions.Web.Infrastructure.Security.SecretProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider())),
            TimeProvider.System, Options.Create(new InvitationOptions()), NullLogger<InvitationService>.Instance,
            new SalesInsightActions.Web.Audit.AuditTrail(planDb, new Microsoft.AspNetCore.Http.HttpContextAccessor(), TimeProvider.System));
        var planStart = watch.Elapsed;
        var plan = await service.PlanAsync(requests);
        var planned = watch.Elapsed - planStart;
        var warmStart = watch.Elapsed;
        await service.PlanAsync(requests); // as the review page's next request would, with EF's model and queries compiled
        var plannedWarm = watch.Elapsed - warmStart;
        watch.Stop();

        output.WriteLine($"{bytes.Length:N0} bytes, 10,000 rows: read {parsed.TotalMilliseconds:F0} ms, mapped {(mapped - parsed).TotalMilliseconds:F0} ms, " +
            $"planned (PostgreSQL) {planned.TotalMilliseconds:F0} ms first / {plannedWarm.TotalMilliseconds:F0} ms warm");
        Assert.Equal(10_000, document.Rows.Count);
        Assert.Equal(';', document.Delimiter);
        Assert.Equal(5, mapping.Columns.Count);
        Assert.Equal(new InviteRequest(10_000, "person9999@acme.example", "Given 9999", "Surname9999", "Team 4", "standard user"), requests[^1]);
        Assert.Equal(10_000, plan.Verdicts.Count);
        Assert.Equal(100, plan.InviteCount); // the seat limit
        Assert.Equal(9_900, plan.Verdicts.Count(v => v.Reason == InviteSkipReason.NoSeatsLeft));
        // Generous bounds for a shared 2-core machine; the measured figures are in the test output.
        Assert.True(mapped < TimeSpan.FromSeconds(3), $"Reading and mapping took {mapped}");
        Assert.True(planned < TimeSpan.FromSeconds(10), $"Planning took {planned}");
    }
}
