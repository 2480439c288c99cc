using System.Text;

namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>
/// Streaming RFC 4180 reader (quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF), one row at a time,
/// so a multi-gigabyte export never sits in memory. Used for Marketo bulk files and Salesforce Bulk API 2.0 results.
/// </summary>
internal sealed class CsvRowReader(TextReader reader, char delimiter = ',')
{
    private readonly char[] _buffer = new char[16 * 1024];
    private int _length;
    private int _position;

    /// <summary>The next row, or null at the end of the input.</summary>
    public async ValueTask<IReadOnlyList<string>?> ReadRowAsync(CancellationToken cancellationToken = default)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var sawAnything = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                _position = 0;
                if (_length == 0)
                {
                    if (!sawAnything)
                    {
                        return null;
                    }

                    fields.Add(field.ToString());
                    return fields;
                }
            }

            var c = _buffer[_position++];
            sawAnything = true;
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                    continue;
                }

                if (await PeekAsync(cancellationToken).ConfigureAwait(false) == '"')
                {
                    _position++;
                    field.Append('"');
                }
                else
                {
                    inQuotes = false;
                }

                continue;
            }

            if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                return fields;
            }
            else if (c == '\r')
            {
                if (await PeekAsync(cancellationToken).ConfigureAwait(false) == '\n')
                {
                    _position++;
                }

                fields.Add(field.ToString());
                return fields;
            }
            else
            {
                field.Append(c);
            }
        }
    }

    private async ValueTask<int> PeekAsync(CancellationToken cancellationToken)
    {
        if (_position == _length)
        {
            _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            _position = 0;
            if (_length == 0)
            {
                return -1;
            }
        }

        return _buffer[_position];
    }
}
