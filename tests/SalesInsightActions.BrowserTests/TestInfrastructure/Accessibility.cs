using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>axe-core scans of the page as the browser shows it now: the path must have no serious or critical violation.</summary>
public static class Accessibility
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        AxeResult result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0,
            $"axe found {serious.Count} serious or critical violation(s) on {page.Url}:\n" + string.Join("\n", serious.Select(v =>
                $"- {v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")));
    }

    /// <summary>
    /// Scans the page in English, switches the header's language picker to Simplified Chinese, scans the same page again,
    /// then switches back: both languages of one page, as its reader would get them.
    /// </summary>
    public static async Task AssertNoSeriousViolationsInEnglishAndChineseAsync(IPage page)
    {
        await AssertNoSeriousViolationsAsync(page);
        await ChooseLanguageAsync(page, "zh-Hans");
        await AssertNoSeriousViolationsAsync(page);
        await ChooseLanguageAsync(page, "en");
    }

    /// <summary>The language picker in the header (culture "en" or "zh-Hans"); it returns to the same page.</summary>
    public static async Task ChooseLanguageAsync(IPage page, string culture)
    {
        await page.Locator("#culture-select").SelectOptionAsync(culture);
        await page.Locator(".language-switcher").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
    }
}
