using System.Text;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>
/// Turns uploaded bytes into text: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, or UTF-16
/// without BOM recognised by its NUL bytes (ASCII text in UTF-16 has a zero in every other byte).
/// Decoding is strict: bytes that are not valid in the detected encoding are refused, not replaced.
/// </summary>
public static class CsvTextDecoder
{
    public const string Utf8 = "UTF-8";
    public const string Utf8Bom = "UTF-8 with BOM";
    public const string Utf16Le = "UTF-16 LE";
    public const string Utf16Be = "UTF-16 BE";

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out string encodingName)
    {
        text = "";
        (Encoding encoding, encodingName, var skip) = Detect(bytes);
        try
        {
            text = encoding.GetString(bytes[skip..]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return true;
    }

    private static (Encoding Encoding, string Name, int Skip) Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (StrictUtf8, Utf8Bom, 3);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (StrictUtf16(bigEndian: false), Utf16Le, 2);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (StrictUtf16(bigEndian: true), Utf16Be, 2);
        }

        return GuessUtf16WithoutBom(bytes) switch
        {
            false => (StrictUtf16(bigEndian: false), Utf16Le, 0),
            true => (StrictUtf16(bigEndian: true), Utf16Be, 0),
            null => (StrictUtf8, Utf8, 0),
        };
    }

    /// <summary>false = little endian, true = big endian, null = not UTF-16.</summary>
    private static bool? GuessUtf16WithoutBom(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..(Math.Min(bytes.Length, 4096) & ~1)];
        if (sample.Length < 4)
        {
            return null;
        }

        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            zeroEven += sample[i] == 0 ? 1 : 0;
            zeroOdd += sample[i + 1] == 0 ? 1 : 0;
        }

        var pairs = sample.Length / 2;
        // Mostly-ASCII headers (email, first name ...) make the pattern strong; UTF-8 text has no NUL bytes at all.
        if (zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.1)
        {
            return false;
        }

        if (zeroEven > pairs * 0.4 && zeroOdd < pairs * 0.1)
        {
            return true;
        }

        return null;
    }

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static Encoding StrictUtf16(bool bigEndian) => new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true);
}
