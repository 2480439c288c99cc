using System.Globalization;

namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>Parsed <c>Sforce-Limit-Info: api-usage=used/limit</c>.</summary>
public sealed record SalesforceApiUsage(long Used, long Limit, DateTimeOffset SeenAt)
{
    public double Share => Limit == 0 ? 0 : (double)Used / Limit;

    public static SalesforceApiUsage? Parse(string? header, DateTimeOffset seenAt)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith("api-usage=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var numbers = part["api-usage=".Length..].Split('/');
            if (numbers.Length == 2
                && long.TryParse(numbers[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var used)
                && long.TryParse(numbers[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit))
            {
                return new SalesforceApiUsage(used, limit, seenAt);
            }
        }

        return null;
    }
}
