namespace SalesInsightActions.Simulators.Salesforce.Soql;

internal enum SoqlTokenKind
{
    Identifier,
    String,
    Number,
    DateTime,
    Date,
    Symbol,
    End,
}

/// <summary>One lexical token with its 1-based column (SOQL errors report Row:Column).</summary>
internal sealed record SoqlToken(SoqlTokenKind Kind, string Text, int Column, object? Value = null)
{
    public bool IsKeyword(string keyword) => Kind == SoqlTokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SoqlTokenKind.Symbol && Text == symbol;
}
