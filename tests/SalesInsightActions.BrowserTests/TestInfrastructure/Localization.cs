using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>Checks that a page shown in Simplified Chinese has no English left in what the product itself wrote.</summary>
public static partial class Localization
{
    /// <summary>
    /// Names that stay as they are in the Chinese pages: the vendors, the product, and Marketo's own activity and field
    /// names (the translations quote them, since admins find them by those names in Marketo and Salesforce).
    /// </summary>
    private static readonly string[] ProperNames =
    [
        "Sales Insight Actions", "Marketo Engage", "Marketo", "Salesforce", "Microsoft", "LinkedIn", "Email Opt Out", "UTC", "ID", "CSV",
        "Send Sales Email", "Open Sales Email", "Click Sales Email", "Replied to Sales Email", "Sales Email Bounced",
        "Sales Call Received", "Add to Sales Campaign", "Removed from Sales Campaign", "English",
    ];

    /// <summary>
    /// Fails when the page's visible text or its accessible names (aria-label, title, placeholder, alt) still hold a
    /// Latin word once <paramref name="data"/> (what the user or the vendors entered: names, emails, subjects),
    /// <see cref="ProperNames"/> and placeholders are taken out: that word is a string the product forgot to localize.
    /// </summary>
    public static async Task AssertNoUntranslatedTextAsync(IPage page, IEnumerable<string?> data)
    {
        var texts = await page.EvaluateAsync<string[]>("""
            () => {
              const out = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const parent = node.parentElement;
                if (parent && !parent.closest('script, style, template') && parent.checkVisibility() && node.textContent.trim()) {
                  out.push(node.textContent.trim());
                }
              }
              for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
                for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
                  const value = el.getAttribute(name);
                  if (value && value.trim()) {
                    out.push(value.trim());
                  }
                }
              }
              return out;
            }
            """);
        var known = data.OfType<string>().Where(d => d.Length > 0).Concat(ProperNames).OrderByDescending(d => d.Length).ToList();
        var untranslated = new List<string>();
        foreach (var text in texts)
        {
            var rest = Placeholder().Replace(known.Aggregate(text, (t, d) => t.Replace(d, " ", StringComparison.Ordinal)), " ");
            if (LatinWord().IsMatch(rest))
            {
                untranslated.Add(text);
            }
        }

        Assert.True(untranslated.Count == 0, $"Untranslated text on {page.Url} in {await page.Locator("html").GetAttributeAsync("lang")}:\n- " + string.Join("\n- ", untranslated.Distinct()));
    }

    // Email placeholders such as {{first_name}} are typed as they are in any language.
    [GeneratedRegex(@"\{\{\w+\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex LatinWord();
}
