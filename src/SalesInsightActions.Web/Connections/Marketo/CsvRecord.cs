using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>
/// One row of a CSV file as a read-only dictionary by column name, sharing the header's name → index map with every other
/// row of the file: a million-row extract costs one small object per row, not a hash table per row.
/// </summary>
internal sealed class CsvRecord(IReadOnlyDictionary<string, int> columns, IReadOnlyList<string?> values) : IReadOnlyDictionary<string, string?>
{
    /// <summary>The header's name → index map (case-insensitive; of duplicate names the last wins, as a dictionary filled column by column would have it).</summary>
    public static Dictionary<string, int> Columns(IReadOnlyList<string> header)
    {
        var columns = new Dictionary<string, int>(header.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            columns[header[i]] = i;
        }

        return columns;
    }

    public string? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => columns.Keys;

    public IEnumerable<string?> Values => columns.Values.Select(Value);

    public int Count => columns.Count;

    public bool ContainsKey(string key) => columns.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        if (columns.TryGetValue(key, out var index))
        {
            value = Value(index);
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() =>
        columns.Select(c => new KeyValuePair<string, string?>(c.Key, Value(c.Value))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string? Value(int index) => index < values.Count ? values[index] : null;
}
