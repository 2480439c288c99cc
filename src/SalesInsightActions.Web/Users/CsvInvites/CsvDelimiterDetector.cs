namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>
/// Picks comma, semicolon (Excel in many European locales) or tab by counting each in the header
/// line outside quotes. A one-column file has none; it reads as comma.
/// </summary>
public static class CsvDelimiterDetector
{
    private static readonly char[] Candidates = [',', ';', '\t'];

    public static char Detect(string text)
    {
        var counts = new int[Candidates.Length];
        var inQuotes = false;
        foreach (var c in text.AsSpan().TrimStart("\r\n"))
        {
            if (c == '"')
            {
                inQuotes = !inQuotes; // an escaped "" toggles twice: no net change
            }
            else if (!inQuotes && (c == '\n' || c == '\r'))
            {
                break;
            }
            else if (!inQuotes)
            {
                var index = Array.IndexOf(Candidates, c);
                if (index >= 0)
                {
                    counts[index]++;
                }
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return Candidates[best];
    }
}
