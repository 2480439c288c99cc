using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace SalesInsightActions.TestSupport;

/// <summary>
/// Reads what the run's maildev server received over SMTP (its REST API, GET /email). The inbox is
/// shared by every test, so callers filter by their own unique recipients or subjects.
/// </summary>
public static class Maildev
{
    private static readonly HttpClient Http = new() { BaseAddress = TestEnvironment.MaildevUrl, Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<List<MaildevMessage>> MessagesToAsync(Func<string, bool> recipient)
    {
        var all = await Http.GetFromJsonAsync<List<MaildevMessage>>("/email") ?? [];
        return [.. all.Where(m => m.To.Any(t => recipient(t.Address)))];
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

    /// <summary>Waits for one message to <paramref name="address"/> (and, when given, with exactly <paramref name="subject"/>).</summary>
    public static async Task<MaildevMessage> WaitForMessageToAsync(string address, string? subject = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var match = (await MessagesToAsync(to => string.Equals(to, address, StringComparison.OrdinalIgnoreCase)))
                .FirstOrDefault(m => subject is null || m.Subject == subject);
            if (match is not null)
            {
                return match;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail to {address}{(subject is null ? "" : $" with subject \"{subject}\"")} arrived at maildev ({TestEnvironment.MaildevUrl}).");
            }

            await Task.Delay(200);
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
