using System.Net;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Email;

namespace SalesInsightActions.Tests.Email;

public sealed class DevMailboxPageTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static OutboxEmail Sent(string to, string subject, string html, DateTime sentAt) => new()
    {
        ToAddress = to, Subject = subject, HtmlBody = html, TextBody = "text", MessageId = $"{Guid.NewGuid():N}@test.example",
        State = OutboxEmailState.Sent, Attempts = 1, CreatedAt = sentAt, NextAttemptAt = sentAt, SentAt = sentAt,
    };

    [Fact]
    public async Task Dev_mailbox_lists_sent_mail_newest_first_and_shows_a_message_sandboxed_with_its_links()
    {
        await using var app = new AppFactory(_database.ConnectionString, new Dictionary<string, string?> { ["Email:DevMailbox"] = "true" });
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var older = Sent("old@acme.example", "Older invitation", "<p>old</p>", DateTime.UtcNow.AddMinutes(-5));
        var newer = Sent("new@acme.example", "Newer invitation", "<p>Hi</p><a href=\"https://app.example/invitations/accept?token=abc&amp;x=1\">Get Started</a><script>alert(1)</script>", DateTime.UtcNow);
        await using (var scope = app.CreateScope(null, out var db))
        {
            db.OutboxEmails.AddRange(older, newer);
            db.OutboxEmails.Add(new OutboxEmail
            {
                ToAddress = "pending@acme.example", Subject = "Not sent yet", HtmlBody = "x", TextBody = "x", MessageId = "p@test.example",
                State = OutboxEmailState.Pending, CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow.AddHours(1),
            });
            await db.SaveChangesAsync();
        }

        var list = await client.GetStringAsync("/dev/mailbox");
        var message = await client.GetStringAsync($"/dev/mailbox?id={newer.Id}");

        Assert.True(list.IndexOf("Newer invitation", StringComparison.Ordinal) < list.IndexOf("Older invitation", StringComparison.Ordinal));
        Assert.DoesNotContain("Not sent yet", list, StringComparison.Ordinal);
        Assert.Contains("sandbox=\"\"", message, StringComparison.Ordinal);
        Assert.Contains("srcdoc=\"&lt;p&gt;Hi&lt;/p&gt;", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", message, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://app.example/invitations/accept?token=abc&amp;x=1\">https://app.example/invitations/accept?token=abc&amp;x=1</a>", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_mailbox_is_not_found_unless_enabled()
    {
        await using var app = new AppFactory(_database.ConnectionString, new Dictionary<string, string?> { ["Email:DevMailbox"] = "false" });
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/mailbox")).StatusCode);
    }
}
