using System.Globalization;
using System.Text;

namespace SalesInsightActions.Web.Users;

/// <summary>What is wrong with a piece of text a person typed or uploaded, if anything.</summary>
public enum TextProblem
{
    None,

    /// <summary>NUL and other C0/C1 control characters, or a broken surrogate pair: never part of a name, and PostgreSQL refuses NUL outright.</summary>
    ControlCharacters,

    /// <summary>
    /// Characters that change how text looks without being visible: right-to-left overrides and isolates, zero-width spaces,
    /// joiners outside a word, byte order marks. They let "evil‮txt.exe" read as something else, or two addresses look the same.
    /// </summary>
    InvisibleCharacters,
}

/// <summary>
/// The one check for text that becomes a member's email, name, team or role, whichever way it arrives (invite box, CSV row,
/// Marketo admin list, Teams page): the same verdict on SQLite and PostgreSQL, before anything is written.
/// </summary>
public static class InputText
{
    public static TextProblem Check(string? value, bool allowLineBreaks = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return TextProblem.None;
        }

        var invisible = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || (char.IsControl(c) && !(allowLineBreaks && c is '\r' or '\n' or '\t')))
            {
                return TextProblem.ControlCharacters;
            }

            invisible |= IsInvisible(value, i);
        }

        return invisible ? TextProblem.InvisibleCharacters : TextProblem.None;
    }

    public static bool IsClean(string? value, bool allowLineBreaks = false) => Check(value, allowLineBreaks) == TextProblem.None;

    /// <summary>The text without control and invisible characters: for values only shown back (an uploaded file's name), never for identities.</summary>
    public static string Strip(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (!char.IsSurrogate(c) && !char.IsControl(c) && !IsInvisible(value, i))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsInvisible(string value, int i)
    {
        var c = value[i];
        if (c is '\u200C' or '\u200D')
        {
            // Zero-width (non-)joiners are spelling in Persian, Arabic and Indic names, but only between two letters.
            return !(i > 0 && i + 1 < value.Length && IsLetterOrMark(value[i - 1]) && IsLetterOrMark(value[i + 1]));
        }

        // Format characters (Cf: bidi controls, ZWSP, word joiner, BOM, soft hyphen, tags) and the fillers that render blank.
        return CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format
               || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';
    }

    private static bool IsLetterOrMark(char c) =>
        char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
