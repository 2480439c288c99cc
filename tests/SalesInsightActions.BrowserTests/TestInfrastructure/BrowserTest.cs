using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>
/// Base for browser journeys: a new browser context per journey, pointed at the app, and a
/// full-page screenshot under TestResults/screenshots when the journey fails.
/// </summary>
public abstract class BrowserTest<TFixture>
    where TFixture : BrowserAppFixture
{
    // Generous for a loaded 2-core machine; Playwright still moves on as soon as the condition holds.
    private const float TimeoutMs = 15_000;

    static BrowserTest() => Assertions.SetDefaultExpectTimeout(TimeoutMs);

    protected BrowserTest(TFixture fixture, ITestOutputHelper output)
    {
        Fixture = fixture;
        Output = output;
    }

    protected TFixture Fixture { get; }

    /// <summary>Shown with the test's result (failure screenshots are listed here).</summary>
    protected ITestOutputHelper Output { get; }

    protected KestrelApp App => Fixture.App;

    /// <summary>Runs <paramref name="journey"/> in a fresh context; a failure leaves a screenshot of every open page.</summary>
    protected async Task InBrowserAsync(Func<IPage, Task> journey, BrowserNewContextOptions? options = null, [CallerMemberName] string testName = "")
    {
        await using var context = await NewContextAsync(options);
        var page = await context.NewPageAsync();
        await RecordingFailuresAsync(context, () => journey(page), testName);
    }

    /// <summary>Runs <paramref name="step"/>; if it throws, screenshots every page of <paramref name="context"/> and rethrows.</summary>
    protected async Task RecordingFailuresAsync(IBrowserContext context, Func<Task> step, [CallerMemberName] string testName = "")
    {
        try
        {
            await step();
        }
        catch
        {
            foreach (var line in await Screenshots.SaveAsync(context, $"{GetType().Name}.{testName}"))
            {
                Output.WriteLine(line);
            }

            throw;
        }
    }

    /// <summary>A new context: its own cookies, as another person at another computer.</summary>
    protected async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = App.BaseUrl.ToString();
        options.Locale ??= "en-US";
        var context = await Fixture.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        return context;
    }
}
