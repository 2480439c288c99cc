namespace SalesInsightActions.Web.Email;

/// <summary>Exponential backoff with jitter, so instances retrying after an outage do not all hit the server at once.</summary>
public static class RetryBackoff
{
    /// <param name="failedAttempts">Attempts made so far (1 after the first failure).</param>
    /// <param name="jitter">A number in [0, 1); the delay varies by ±20 %.</param>
    public static TimeSpan Delay(int failedAttempts, EmailOptions options, double jitter)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var seconds = Math.Min(options.RetryMaxDelaySeconds, options.RetryBaseDelaySeconds * Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * jitter)));
    }
}
