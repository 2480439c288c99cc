using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

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
}
