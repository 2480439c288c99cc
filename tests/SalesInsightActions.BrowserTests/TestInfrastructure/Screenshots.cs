using Microsoft.Playwright;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>Failure screenshots in tests/SalesInsightActions.BrowserTests/TestResults/screenshots (git-ignored).</summary>
public static class Screenshots
{
    /// <summary>Saves one full-page screenshot per open page; returns a line per page saying where it went.</summary>
    public static async Task<IReadOnlyList<string>> SaveAsync(IBrowserContext context, string name)
    {
        var folder = Path.Combine(ProjectDirectory(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var lines = new List<string>();
        var index = 0;
        foreach (var page in context.Pages.Where(p => !p.IsClosed))
        {
            var path = Path.Combine(folder, $"{name}-{stamp}-{index++}.png");
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 5_000 });
                lines.Add($"Screenshot of {page.Url}: {path}");
            }
            catch (PlaywrightException e)
            {
                // The screenshot must never hide the journey's own failure.
                lines.Add($"Could not take a screenshot of {page.Url}: {e.Message}");
            }
        }

        return lines;
    }

    private static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SalesInsightActions.BrowserTests.csproj")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
