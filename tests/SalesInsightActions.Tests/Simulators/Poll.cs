namespace SalesInsightActions.Tests.Simulators;

/// <summary>
/// Waits for a condition with a generous deadline instead of a fixed sleep: the CI machine has 2 cores
/// shared with other test runs, so anything time-based must tolerate slow scheduling.
/// </summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Calls <paramref name="probe"/> until it returns a value <paramref name="done"/> accepts; fails after the deadline.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? deadline = null)
    {
        DateTime giveUpAt = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (true)
        {
            T value = await probe();
            if (done(value))
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < giveUpAt, $"Condition not reached within {deadline ?? DefaultDeadline}; last value: {value}");
            await Task.Delay(100);
        }
    }
}
