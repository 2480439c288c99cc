using SalesInsightActions.Simulators.Salesforce.Records;

namespace SalesInsightActions.Simulators.Salesforce.Soql;

/// <summary>
/// Evaluates bound SOQL against records. String comparisons are case-insensitive, ids compare on
/// their 15-character form, and null only matches = null / != null (as in SOQL).
/// </summary>
public sealed class SoqlEvaluator(Func<string, SObjectRecord?> findRelated)
{
    public object? Value(SObjectRecord record, SoqlFieldPath path)
    {
        if (path.Lookup is null)
        {
            return record[path.Field.Name];
        }
        return record[path.Lookup.Name] is string relatedId && findRelated(relatedId) is { } related ? related[path.Field.Name] : null;
    }

    public bool Matches(SObjectRecord record, SoqlCondition? condition) => condition switch
    {
        null => true,
        SoqlAnd and => Matches(record, and.Left) && Matches(record, and.Right),
        SoqlOr or => Matches(record, or.Left) || Matches(record, or.Right),
        SoqlNot not => !Matches(record, not.Inner),
        SoqlComparison comparison => Compare(Value(record, comparison.Field), comparison),
        _ => false,
    };

    public int CompareForSort(object? left, object? right, bool nullsFirst)
    {
        if (left is null || right is null)
        {
            return left is null && right is null ? 0 : (left is null ? -1 : 1) * (nullsFirst ? 1 : -1);
        }
        return CompareValues(left, right);
    }

    private static bool Compare(object? actual, SoqlComparison comparison)
    {
        bool isId = comparison.Field.Field.Type is "id" or "reference";
        switch (comparison.Operator)
        {
            case SoqlOperator.In:
                return comparison.Values.Any(v => EqualValues(actual, v, isId));
            case SoqlOperator.NotIn:
                return !comparison.Values.Any(v => EqualValues(actual, v, isId));
            case SoqlOperator.Equal:
                return EqualValues(actual, comparison.Values[0], isId);
            case SoqlOperator.NotEqual:
                return !EqualValues(actual, comparison.Values[0], isId);
            case SoqlOperator.Like:
                return actual is string text && comparison.Values[0] is string pattern && Like(text, pattern);
        }
        object? expected = comparison.Values[0];
        if (actual is null || expected is null)
        {
            return false;
        }
        if (expected is SoqlDateRange range)
        {
            DateTimeOffset at = ToInstant(actual);
            return comparison.Operator switch
            {
                SoqlOperator.Less => at < range.Start,
                SoqlOperator.LessOrEqual => at < range.End,
                SoqlOperator.Greater => at >= range.End,
                _ => at >= range.Start,
            };
        }
        int order = CompareValues(actual, expected);
        return comparison.Operator switch
        {
            SoqlOperator.Less => order < 0,
            SoqlOperator.LessOrEqual => order <= 0,
            SoqlOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private static bool EqualValues(object? actual, object? expected, bool isId)
    {
        if (actual is null || expected is null)
        {
            return actual is null && expected is null;
        }
        if (expected is SoqlDateRange range)
        {
            DateTimeOffset at = ToInstant(actual);
            return at >= range.Start && at < range.End;
        }
        if (isId && actual is string id && expected is string wanted)
        {
            return id.Length >= 15 && wanted.Length is 15 or 18 && string.CompareOrdinal(id, 0, wanted, 0, 15) == 0;
        }
        return CompareValues(actual, expected) == 0;
    }

    private static int CompareValues(object actual, object expected) => (actual, expected) switch
    {
        (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
        (bool a, bool b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        _ when IsNumber(actual) && IsNumber(expected) => Convert.ToDecimal(actual, System.Globalization.CultureInfo.InvariantCulture)
            .CompareTo(Convert.ToDecimal(expected, System.Globalization.CultureInfo.InvariantCulture)),
        _ => string.Compare(Convert.ToString(actual, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(expected, System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase),
    };

    private static bool IsNumber(object value) => value is int or long or double or decimal;

    private static DateTimeOffset ToInstant(object value) => value switch
    {
        DateTimeOffset instant => instant,
        DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        _ => DateTimeOffset.MinValue,
    };

    // SOQL LIKE: % any run, _ one char, \% and \_ literal; case-insensitive.
    private static bool Like(string text, string pattern)
    {
        var regex = new System.Text.StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '%' or '_')
            {
                regex.Append(System.Text.RegularExpressions.Regex.Escape(pattern[i + 1].ToString()));
                i++;
            }
            else
            {
                regex.Append(c switch
                {
                    '%' => ".*",
                    '_' => ".",
                    _ => System.Text.RegularExpressions.Regex.Escape(c.ToString()),
                });
            }
        }
        regex.Append('$');
        return System.Text.RegularExpressions.Regex.IsMatch(text, regex.ToString(),
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
    }
}
