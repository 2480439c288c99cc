using System.Text.Json;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>Which column (0-based) holds each field; stored in <see cref="CsvImport.MappingJson"/> once the admin confirms.</summary>
public sealed class CsvColumnMapping
{
    public const string EmailRequired = "Choose the column that holds the email addresses.";
    public const string ColumnUsedTwice = "Each column can be used for one field only.";
    public const string UnknownColumn = "The chosen column does not exist in this file. Choose again.";

    public CsvColumnMapping(IReadOnlyDictionary<CsvInviteField, int> columns)
    {
        Columns = columns;
    }

    public IReadOnlyDictionary<CsvInviteField, int> Columns { get; }

    public int? ColumnOf(CsvInviteField field) => Columns.TryGetValue(field, out var index) ? index : null;

    /// <summary>Null when the mapping can be used with a file of <paramref name="columnCount"/> columns, otherwise the reason (a resource key).</summary>
    public string? Validate(int columnCount)
    {
        if (!Columns.ContainsKey(CsvInviteField.Email))
        {
            return EmailRequired;
        }

        if (Columns.Values.Any(i => i < 0 || i >= columnCount))
        {
            return UnknownColumn;
        }

        return Columns.Values.Distinct().Count() != Columns.Count ? ColumnUsedTwice : null;
    }

    public string ToJson() => JsonSerializer.Serialize(Columns.ToDictionary(p => p.Key.ToString(), p => p.Value));

    public static CsvColumnMapping? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        var raw = JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];
        var columns = new Dictionary<CsvInviteField, int>();
        foreach (var (name, index) in raw)
        {
            if (Enum.TryParse<CsvInviteField>(name, out var field))
            {
                columns[field] = index;
            }
        }

        return new CsvColumnMapping(columns);
    }
}
