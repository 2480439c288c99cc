using System.Text.Json;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>A message maildev received over SMTP.</summary>
public sealed record ReceivedEmail(string Subject, string Html, string Text);

/// <summary>Reads the mail the app delivered to the run's maildev server through its REST API.</summary>
public static class Maildev
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<ReceivedEmail> WaitForMessageToAsync(string address, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            using (var all = JsonDocument.Parse(await Http.GetStringAsync(new Uri(TestEnvironment.MaildevUrl, "/email"))))
            {
                foreach (var message in all.RootElement.EnumerateArray())
                {
                    if (message.GetProperty("to").EnumerateArray().Any(to => string.Equals(to.GetProperty("address").GetString(), address, StringComparison.OrdinalIgnoreCase)))
                    {
                        return new ReceivedEmail(
                            message.GetProperty("subject").GetString() ?? "",
                            message.TryGetProperty("html", out var html) ? html.GetString() ?? "" : "",
                            message.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "");
                    }
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail to {address} arrived at maildev ({TestEnvironment.MaildevUrl}).");
            }

            // Polling an external inbox: there is nothing in the browser to auto-wait on.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
