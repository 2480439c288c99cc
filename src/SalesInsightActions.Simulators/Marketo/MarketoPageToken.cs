using System.Text;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>
/// Opaque page tokens shaped like Marketo's (base32 text, may end in '=' so clients must url-encode).
/// Encodes a kind and a position.
/// </summary>
internal static class MarketoPageToken
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Create(string kind, long position)
    {
        byte[] bytes = Encoding.ASCII.GetBytes($"{kind}:{position}");
        StringBuilder text = new();
        for (int i = 0; i < bytes.Length; i += 5)
        {
            ulong block = 0;
            int count = Math.Min(5, bytes.Length - i);
            for (int j = 0; j < 5; j++)
            {
                block = (block << 8) | (j < count ? bytes[i + j] : 0u);
            }
            int chars = ((count * 8) + 4) / 5;
            for (int j = 0; j < 8; j++)
            {
                text.Append(j < chars ? Alphabet[(int)((block >> (35 - (j * 5))) & 31)] : '=');
            }
        }
        return text.ToString();
    }

    /// <summary>A token holding two positions (e.g. a timestamp and an id).</summary>
    public static string Create(string kind, long first, long second)
    {
        return Create(kind + ":" + first.ToString(System.Globalization.CultureInfo.InvariantCulture), second);
    }

    public static bool TryRead(string? token, string kind, out long first, out long second)
    {
        first = 0;
        second = 0;
        if (Decode(token) is not { } text || !text.StartsWith(kind + ":", StringComparison.Ordinal))
        {
            return false;
        }
        string[] parts = text[(kind.Length + 1)..].Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out first)
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out second);
    }

    public static bool TryRead(string? token, string kind, out long position)
    {
        position = 0;
        if (Decode(token) is not { } text)
        {
            return false;
        }
        string prefix = kind + ":";
        return text.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out position);
    }

    private static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length % 8 != 0)
        {
            return null;
        }
        List<byte> bytes = [];
        for (int i = 0; i < token.Length; i += 8)
        {
            ulong block = 0;
            int chars = 0;
            for (int j = 0; j < 8; j++)
            {
                char c = token[i + j];
                int value = c == '=' ? 0 : Alphabet.IndexOf(c, StringComparison.Ordinal);
                if (value < 0)
                {
                    return null;
                }
                chars += c == '=' ? 0 : 1;
                block = (block << 5) | (uint)value;
            }
            int count = chars * 5 / 8;
            for (int j = 0; j < count; j++)
            {
                bytes.Add((byte)(block >> (32 - (j * 8))));
            }
        }
        return Encoding.ASCII.GetString([.. bytes]);
    }
}
