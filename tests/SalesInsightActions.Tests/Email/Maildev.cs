using System.Net.Http.Json;
using System.Text.Json.Serialization;
using SalesInsightActions.Tests.TestInfrastructure;

namespace SalesInsightActions.Tests.Email;

/// <summary>Reads what the shared maildev server received (REST API GET /email; maildev 3 moved it to /api/email). Filter by your own recipients.</summary>
public static class Maildev
{
    private static readonly HttpClient Http = new() { BaseAddress = TestEnvironment.MaildevUrl };

    public static async Task<List<MaildevMessage>> MessagesToAsync(Func<string, bool> recipient)
    {
        using var response = await Http.GetAsync("/email");
        using var fallback = response.StatusCode == System.Net.HttpStatusCode.NotFound ? await Http.GetAsync("/api/email") : null;
        var all = await (fallback ?? response).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<List<MaildevMessage>>() ?? [];
        return all.Where(m => m.To.Any(t => recipient(t.Address))).ToList();
    }

    /// <summary>Polls until at least <paramref name="count"/> messages for the recipients arrived (maildev stores asynchronously), then returns them all.</summary>
    public static async Task<List<MaildevMessage>> WaitForAsync(Func<string, bool> recipient, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var messages = await MessagesToAsync(recipient);
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(100);
        }
    }
}

public sealed record MaildevMessage(
    string Id,
    string Subject,
    string? Html,
    string? Text,
    List<MaildevAddress> To,
    List<MaildevAddress> From,
    Dictionary<string, object> Headers)
{
    [JsonIgnore]
    public string? MessageIdHeader => Headers.TryGetValue("message-id", out var v) ? v.ToString() : null;
}

public sealed record MaildevAddress(string Address, string Name);
