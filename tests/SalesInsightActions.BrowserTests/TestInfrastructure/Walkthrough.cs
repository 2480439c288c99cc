using Microsoft.Playwright;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>
/// Screenshots of the onboarding path for the README's walkthrough, written to docs/screenshots/ in the
/// repository (committed), named by step and language, e.g. "step1-actions-config.en.png".
/// </summary>
public static class Walkthrough
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true, Timeout = 10_000 });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SalesInsightActions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (SalesInsightActions.sln) above " + AppContext.BaseDirectory);
    }
}
