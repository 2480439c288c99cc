using System.Text.Json;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>A message maildev received over SMTP.</summary>
public sealed record ReceivedEmail(string Subject, string Html, string Text);

/// <summary>Reads the mail the app delivered to the run's maildev server through its REST API.</summary>
public static class Maildev
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// Waits for a message to <paramref name="address"/> (and, when given, with exactly <paramref name="subject"/>).
    /// The inbox is shared by every run, so callers use a unique address or a unique subject.
    /// </summary>
    public static async Task<ReceivedEmail> WaitForMessageToAsync(string address, string? subject = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            using (var all = JsonDocument.Parse(await Http.GetStringAsync(new Uri(TestEnvironment.MaildevUrl, "/email"))))
            {
                foreach (var message in all.RootElement.EnumerateArray())
                {
                    var received = new ReceivedEmail(
                        message.GetProperty("subject").GetString() ?? "",
                        message.TryGetProperty("html", out var html) ? html.GetString() ?? "" : "",
                        message.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "");
                    if (IsTo(message, address) && (subject is null || received.Subject == subject))
                    {
                        return received;
                    }
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail to {address}{(subject is null ? "" : $" with subject \"{subject}\"")} arrived at maildev ({TestEnvironment.MaildevUrl}).");
            }

            // Polling an external inbox: there is nothing in the browser to auto-wait on.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static bool IsTo(JsonElement message, string address) =>
        message.GetProperty("to").EnumerateArray().Any(to => string.Equals(to.GetProperty("address").GetString(), address, StringComparison.OrdinalIgnoreCase));
}
