using SalesInsightActions.Simulators.Salesforce.Schema;

namespace SalesInsightActions.Simulators.Salesforce.Soql;

/// <summary>
/// Recursive-descent parser for the SOQL subset the simulator serves:
/// SELECT fields | COUNT() FROM object [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n],
/// with =, !=, &lt;&gt;, &lt;, &gt;, &lt;=, &gt;=, LIKE, [NOT] IN (…), AND, OR, NOT, parentheses,
/// string/number/boolean/null/date/datetime literals and TODAY, YESTERDAY, LAST_N_DAYS:n.
/// Binds names against <see cref="SalesforceSchema"/> as Salesforce does (case-insensitive, INVALID_FIELD).
/// </summary>
public sealed class SoqlParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "ASC", "DESC", "NULLS", "FIRST", "LAST", "LIMIT", "OFFSET", "NULL", "TRUE", "FALSE", "GROUP", "HAVING",
    };

    private readonly string _soql;
    private readonly List<SoqlToken> _tokens;
    private readonly DateTimeOffset _now;
    private int _position;

    private SoqlParser(string soql, DateTimeOffset now)
    {
        _soql = soql;
        _tokens = SoqlLexer.Tokenize(soql);
        _now = now;
    }

    public static SoqlQuery Parse(string soql, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(soql))
        {
            throw new SoqlException("MALFORMED_QUERY", "A query string has to be specified");
        }
        return new SoqlParser(soql, now).ParseQuery();
    }

    private SoqlToken Current => _tokens[_position];

    private SoqlQuery ParseQuery()
    {
        ExpectKeyword("SELECT");
        bool isCount = false;
        var fields = new List<SoqlFieldPath>();
        if (Current.IsKeyword("COUNT") && _tokens[_position + 1].IsSymbol("("))
        {
            _position += 2;
            ExpectSymbol(")");
            isCount = true;
        }
        else
        {
            do
            {
                fields.Add(ParseFieldPath());
            }
            while (TrySymbol(","));
        }
        ExpectKeyword("FROM");
        SoqlToken objectToken = Current;
        if (objectToken.Kind != SoqlTokenKind.Identifier || Reserved.Contains(objectToken.Text))
        {
            throw Unexpected();
        }
        _position++;
        SObjectType from = SalesforceSchema.Find(objectToken.Text)
            ?? throw new SoqlException("INVALID_TYPE", $"\n{_soql}\n{Caret(objectToken.Column)}ERROR at Row:1:Column:{objectToken.Column}\nsObject type '{objectToken.Text}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.");

        SoqlCondition? where = null;
        if (TryKeyword("WHERE"))
        {
            where = ParseOr();
        }
        var orderBy = new List<SoqlOrdering>();
        if (TryKeyword("ORDER"))
        {
            ExpectKeyword("BY");
            do
            {
                SoqlFieldPath path = ParseFieldPath();
                bool descending = TryKeyword("DESC");
                if (!descending)
                {
                    TryKeyword("ASC");
                }
                bool nullsFirst = !descending;
                if (TryKeyword("NULLS"))
                {
                    nullsFirst = TryKeyword("FIRST");
                    if (!nullsFirst)
                    {
                        ExpectKeyword("LAST");
                    }
                }
                orderBy.Add(new SoqlOrdering(path, descending, nullsFirst));
            }
            while (TrySymbol(","));
        }
        int? limit = TryKeyword("LIMIT") ? ExpectInteger() : null;
        int offset = TryKeyword("OFFSET") ? ExpectInteger() : 0;
        if (offset > 2000)
        {
            throw new SoqlException("NUMBER_OUTSIDE_VALID_RANGE", $"Maximum SOQL offset allowed is 2000");
        }
        if (Current.Kind != SoqlTokenKind.End)
        {
            throw Unexpected();
        }

        foreach (SoqlFieldPath path in fields.Concat(orderBy.Select(o => o.Field)))
        {
            Bind(path, from);
        }
        if (where is not null)
        {
            BindCondition(where, from);
        }
        return new SoqlQuery(_soql, from, fields, isCount, where, orderBy, limit, offset);
    }

    private SoqlCondition ParseOr()
    {
        SoqlCondition left = ParseAnd();
        while (TryKeyword("OR"))
        {
            left = new SoqlOr(left, ParseAnd());
        }
        return left;
    }

    private SoqlCondition ParseAnd()
    {
        SoqlCondition left = ParseUnary();
        while (TryKeyword("AND"))
        {
            left = new SoqlAnd(left, ParseUnary());
        }
        return left;
    }

    private SoqlCondition ParseUnary()
    {
        if (TryKeyword("NOT"))
        {
            return new SoqlNot(ParseUnary());
        }
        if (TrySymbol("("))
        {
            SoqlCondition inner = ParseOr();
            ExpectSymbol(")");
            return inner;
        }
        SoqlFieldPath field = ParseFieldPath();
        if (TryKeyword("LIKE"))
        {
            return new SoqlComparison(field, SoqlOperator.Like, [ParseValue()]);
        }
        if (TryKeyword("NOT"))
        {
            ExpectKeyword("IN");
            return new SoqlComparison(field, SoqlOperator.NotIn, ParseValueList());
        }
        if (TryKeyword("IN"))
        {
            return new SoqlComparison(field, SoqlOperator.In, ParseValueList());
        }
        SoqlToken op = Current;
        SoqlOperator comparison = op.Kind == SoqlTokenKind.Symbol ? op.Text switch
        {
            "=" => SoqlOperator.Equal,
            "!=" => SoqlOperator.NotEqual,
            "<" => SoqlOperator.Less,
            "<=" => SoqlOperator.LessOrEqual,
            ">" => SoqlOperator.Greater,
            ">=" => SoqlOperator.GreaterOrEqual,
            _ => throw Unexpected(),
        } : throw Unexpected();
        _position++;
        return new SoqlComparison(field, comparison, [ParseValue()]);
    }

    private List<object?> ParseValueList()
    {
        ExpectSymbol("(");
        var values = new List<object?>();
        do
        {
            values.Add(ParseValue());
        }
        while (TrySymbol(","));
        ExpectSymbol(")");
        return values;
    }

    private object? ParseValue()
    {
        SoqlToken token = Current;
        _position++;
        switch (token.Kind)
        {
            case SoqlTokenKind.String:
            case SoqlTokenKind.Number:
            case SoqlTokenKind.DateTime:
            case SoqlTokenKind.Date:
                return token.Value;
            case SoqlTokenKind.Identifier when token.IsKeyword("NULL"):
                return null;
            case SoqlTokenKind.Identifier when token.IsKeyword("TRUE"):
                return true;
            case SoqlTokenKind.Identifier when token.IsKeyword("FALSE"):
                return false;
            case SoqlTokenKind.Identifier when DateRange(token) is { } range:
                return range;
            default:
                _position--;
                throw Unexpected();
        }
    }

    // Date literals resolve to a [start, end) UTC range, compared against datetime and date fields.
    private SoqlDateRange? DateRange(SoqlToken token)
    {
        DateTimeOffset today = new(_now.UtcDateTime.Date, TimeSpan.Zero);
        switch (token.Text.ToUpperInvariant())
        {
            case "TODAY":
                return new SoqlDateRange(today, today.AddDays(1));
            case "YESTERDAY":
                return new SoqlDateRange(today.AddDays(-1), today);
            case "TOMORROW":
                return new SoqlDateRange(today.AddDays(1), today.AddDays(2));
            case "LAST_N_DAYS":
                ExpectSymbol(":");
                int days = ExpectInteger();
                return new SoqlDateRange(today.AddDays(-days), today.AddDays(1));
            default:
                return null;
        }
    }

    private SoqlFieldPath ParseFieldPath()
    {
        SoqlToken token = Current;
        if (token.Kind != SoqlTokenKind.Identifier || Reserved.Contains(token.Text))
        {
            throw Unexpected();
        }
        _position++;
        return new SoqlFieldPath(token.Text, token.Column);
    }

    private void Bind(SoqlFieldPath path, SObjectType from)
    {
        string[] parts = path.Text.Split('.');
        if (parts.Length == 1)
        {
            path.Field = from.FindField(parts[0]) ?? throw NoSuchColumn(path, parts[0], from.Name);
            return;
        }
        if (parts.Length == 2 && from.FindRelationship(parts[0]) is { } lookup)
        {
            if (lookup.ReferenceTo.Count != 1)
            {
                throw new SoqlException("INVALID_FIELD", $"\n{_soql}\n{Caret(path.Column)}ERROR at Row:1:Column:{path.Column}\nThe simulator does not support polymorphic relationship '{lookup.RelationshipName}'.");
            }
            SObjectType related = SalesforceSchema.Find(lookup.ReferenceTo[0])!;
            path.Lookup = lookup;
            path.RelationshipName = lookup.RelationshipName;
            path.RelatedType = related;
            path.Field = related.FindField(parts[1]) ?? throw NoSuchColumn(path, parts[1], related.Name);
            return;
        }
        throw new SoqlException("INVALID_FIELD", $"\n{_soql}\n{Caret(path.Column)}ERROR at Row:1:Column:{path.Column}\nDidn't understand relationship '{parts[0]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.");
    }

    private void BindCondition(SoqlCondition condition, SObjectType from)
    {
        switch (condition)
        {
            case SoqlAnd and:
                BindCondition(and.Left, from);
                BindCondition(and.Right, from);
                break;
            case SoqlOr or:
                BindCondition(or.Left, from);
                BindCondition(or.Right, from);
                break;
            case SoqlNot not:
                BindCondition(not.Inner, from);
                break;
            case SoqlComparison comparison:
                Bind(comparison.Field, from);
                foreach (object? value in comparison.Values)
                {
                    CheckValueType(comparison, value);
                }
                break;
        }
    }

    // Salesforce refuses a literal of the wrong kind for the field, e.g. a quoted string for a datetime.
    private void CheckValueType(SoqlComparison comparison, object? value)
    {
        string type = comparison.Field.Field.Type;
        bool ok = value switch
        {
            null => comparison.Operator is SoqlOperator.Equal or SoqlOperator.NotEqual or SoqlOperator.In or SoqlOperator.NotIn,
            string => type is not ("datetime" or "date" or "boolean" or "int" or "double" or "currency"),
            decimal => type is "int" or "double" or "currency" or "percent",
            bool => type == "boolean",
            DateTimeOffset => type == "datetime",
            DateOnly => type == "date",
            SoqlDateRange => type is "datetime" or "date",
            _ => false,
        };
        if (comparison.Operator == SoqlOperator.Like && type is not ("string" or "email" or "phone" or "url" or "picklist" or "textarea" or "combobox" or "id" or "reference"))
        {
            ok = false;
        }
        if (!ok)
        {
            string name = comparison.Field.Field.Name;
            throw new SoqlException("INVALID_QUERY_FILTER_OPERATOR", $"\n{_soql}\n{Caret(comparison.Field.Column)}ERROR at Row:1:Column:{comparison.Field.Column}\nvalue of filter criterion for field '{name}' must be of type {type} and should not be enclosed in quotes");
        }
    }

    private SoqlException NoSuchColumn(SoqlFieldPath path, string column, string entity) =>
        new("INVALID_FIELD", $"\n{_soql}\n{Caret(path.Column)}ERROR at Row:1:Column:{path.Column}\nNo such column '{column}' on entity '{entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.");

    private static string Caret(int column) => new string(' ', Math.Max(0, column - 1)) + "^\n";

    private int ExpectInteger()
    {
        SoqlToken token = Current;
        if (token.Kind != SoqlTokenKind.Number || token.Value is not decimal number || number != decimal.Truncate(number) || number < 0 || number > int.MaxValue)
        {
            throw Unexpected();
        }
        _position++;
        return (int)number;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!TryKeyword(keyword))
        {
            throw Unexpected();
        }
    }

    private void ExpectSymbol(string symbol)
    {
        if (!TrySymbol(symbol))
        {
            throw Unexpected();
        }
    }

    private bool TryKeyword(string keyword)
    {
        if (Current.IsKeyword(keyword))
        {
            _position++;
            return true;
        }
        return false;
    }

    private bool TrySymbol(string symbol)
    {
        if (Current.IsSymbol(symbol))
        {
            _position++;
            return true;
        }
        return false;
    }

    private SoqlException Unexpected() => SoqlLexer.Malformed(_soql, Current.Column, Current.Text);
}

/// <summary>A relative date literal (TODAY, LAST_N_DAYS:n) as a [Start, End) UTC range.</summary>
public sealed record SoqlDateRange(DateTimeOffset Start, DateTimeOffset End);
