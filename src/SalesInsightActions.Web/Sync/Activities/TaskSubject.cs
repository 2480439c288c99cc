using System.Text.RegularExpressions;

namespace SalesInsightActions.Web.Sync.Activities;

/// <summary>
/// A Task subject from an admin's template: <c>{{activity_type}}</c>, <c>{{activity_subject}}</c>,
/// <c>{{sales_campaign_name}}</c>, <c>{{sales_campaign_step}}</c>, <c>{{call_outcome}}</c>, <c>{{call_reason}}</c>
/// (product.md). Unknown or empty placeholders become nothing, separators left dangling by them are dropped, line
/// breaks become spaces, and the result is cut at Salesforce's 255 characters; replies are "Reply: &lt;subject&gt;".
/// </summary>
public static partial class TaskSubject
{
    public const int MaxLength = 255;

    /// <summary>The placeholders a template may use, as the settings page lists them.</summary>
    public static readonly IReadOnlyList<string> Placeholders =
        ["activity_type", "activity_subject", "sales_campaign_name", "sales_campaign_step", "call_outcome", "call_reason"];

    /// <summary>Placeholders in <paramref name="template"/> that <see cref="Render"/> would drop because they mean nothing.</summary>
    public static IEnumerable<string> UnknownPlaceholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups["name"].Value)
            .Where(name => !Placeholders.Contains(name, StringComparer.OrdinalIgnoreCase))
            .Select(name => "{{" + name + "}}");

    public static string Render(string template, SalesActivityKind kind, SalesActivityPayload payload)
    {
        if (kind == SalesActivityKind.RepliedToSalesEmail)
        {
            template = "Reply: {{activity_subject}}";
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["activity_type"] = SalesActivityKinds.Label(kind),
            ["activity_subject"] = payload.Subject,
            ["sales_campaign_name"] = payload.CampaignName,
            ["sales_campaign_step"] = payload.CampaignStep,
            ["call_outcome"] = payload.CallOutcome,
            ["call_reason"] = payload.CallReason,
        };
        var text = Placeholder().Replace(template, m => values.GetValueOrDefault(m.Groups["name"].Value) ?? "");
        text = Whitespace().Replace(text, " ");
        text = DanglingSeparator().Replace(text, "").Trim();
        if (text.Length == 0)
        {
            text = SalesActivityKinds.Label(kind);
        }

        if (text.Length > MaxLength)
        {
            // Never cut a surrogate pair in half.
            var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
            text = text[..cut];
        }

        return text;
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[a-z_]+)\s*\}\}", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(\s*[-–:|,]\s*)+$")]
    private static partial Regex DanglingSeparator();
}
