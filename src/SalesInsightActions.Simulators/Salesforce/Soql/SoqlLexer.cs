using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SalesInsightActions.Simulators.Salesforce.Soql;

/// <summary>Splits SOQL text into tokens: identifiers (with dotted paths), quoted strings, numbers, date/datetime literals, symbols.</summary>
internal static partial class SoqlLexer
{
    [GeneratedRegex(@"\G(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex DateTimeLiteral();

    [GeneratedRegex(@"\G\d{4}-\d{2}-\d{2}(?![\dT])")]
    private static partial Regex DateLiteral();

    public static List<SoqlToken> Tokenize(string soql)
    {
        var tokens = new List<SoqlToken>();
        int i = 0;
        while (i < soql.Length)
        {
            char c = soql[i];
            int column = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (DateTimeLiteral().Match(soql, i) is { Success: true } dateTime)
            {
                string iso = $"{dateTime.Groups[1].Value}T{dateTime.Groups[2].Value}{(dateTime.Groups[3].Value == "Z" ? "+00:00" : dateTime.Groups[3].Value)}";
                if (!DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsed))
                {
                    throw Malformed(soql, column, dateTime.Value);
                }
                tokens.Add(new(SoqlTokenKind.DateTime, dateTime.Value, column, parsed.ToUniversalTime()));
                i += dateTime.Length;
                continue;
            }
            if (DateLiteral().Match(soql, i) is { Success: true } date)
            {
                if (!DateOnly.TryParseExact(date.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly parsed))
                {
                    throw Malformed(soql, column, date.Value);
                }
                tokens.Add(new(SoqlTokenKind.Date, date.Value, column, parsed));
                i += date.Length;
                continue;
            }
            if (c == '\'')
            {
                (string value, int end) = ReadString(soql, i);
                tokens.Add(new(SoqlTokenKind.String, soql[i..end], column, value));
                i = end;
                continue;
            }
            if (char.IsDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < soql.Length && char.IsDigit(soql[i + 1]) && PreviousAllowsSign(tokens)))
            {
                int start = i;
                i++;
                while (i < soql.Length && (char.IsDigit(soql[i]) || soql[i] == '.'))
                {
                    i++;
                }
                string text = soql[start..i];
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number))
                {
                    throw Malformed(soql, column, text);
                }
                tokens.Add(new(SoqlTokenKind.Number, text, column, number));
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < soql.Length && (char.IsLetterOrDigit(soql[i]) || soql[i] is '_' or '.'))
                {
                    i++;
                }
                tokens.Add(new(SoqlTokenKind.Identifier, soql[start..i], column));
                continue;
            }
            string? symbol = (c, i + 1 < soql.Length ? soql[i + 1] : '\0') switch
            {
                ('!', '=') => "!=",
                ('<', '>') => "!=",
                ('<', '=') => "<=",
                ('>', '=') => ">=",
                ('<', _) => "<",
                ('>', _) => ">",
                ('=', _) => "=",
                (',', _) => ",",
                ('(', _) => "(",
                (')', _) => ")",
                (':', _) => ":",
                _ => null,
            };
            if (symbol is null)
            {
                throw Malformed(soql, column, c.ToString());
            }
            tokens.Add(new(SoqlTokenKind.Symbol, symbol, column));
            i += soql.AsSpan(i).StartsWith("<>") ? 2 : symbol.Length;
        }
        tokens.Add(new(SoqlTokenKind.End, "<EOF>", soql.Length + 1));
        return tokens;
    }

    public static SoqlException Malformed(string soql, int column, string near) =>
        new("MALFORMED_QUERY", $"\n{soql}\n{new string(' ', Math.Max(0, column - 1))}^\nERROR at Row:1:Column:{column}\nunexpected token: '{near}'");

    private static bool PreviousAllowsSign(List<SoqlToken> tokens) =>
        tokens.Count > 0 && tokens[^1].Kind == SoqlTokenKind.Symbol && tokens[^1].Text != ")";

    private static (string Value, int End) ReadString(string soql, int start)
    {
        var value = new StringBuilder();
        int i = start + 1;
        while (i < soql.Length)
        {
            char c = soql[i];
            if (c == '\\' && i + 1 < soql.Length)
            {
                char next = soql[i + 1];
                value.Append(next switch
                {
                    'n' => "\n",
                    'r' => "\r",
                    't' => "\t",
                    'b' => "\b",
                    'f' => "\f",
                    '%' => "\\%",
                    '_' => "\\_",
                    _ => next.ToString(),
                });
                i += 2;
                continue;
            }
            if (c == '\'')
            {
                return (value.ToString(), i + 1);
            }
            value.Append(c);
            i++;
        }
        throw new SoqlException("MALFORMED_QUERY", $"\n{soql}\n{new string(' ', start)}^\nERROR at Row:1:Column:{start + 1}\nline 1:{start} mismatched character '<EOF>' expecting '''");
    }
}
