using System.Globalization;

namespace SalesInsightActions.Web.Infrastructure.Web;

/// <summary>
/// The "older than" position of a list paged by (time, id) descending, as it travels in a URL: "{ticks}_{id}", the id
/// a GUID ("N" format) or a Marketo id.
/// A tampered or stale cursor is just not a cursor (the list starts at the top), never an error.
/// </summary>
public static class KeysetCursor
{
    public static string Format(DateTime at, Guid id) => $"{at.Ticks.ToString(CultureInfo.InvariantCulture)}_{id:N}";

    public static string Format(DateTime at, long id) =>
        $"{at.Ticks.ToString(CultureInfo.InvariantCulture)}_{id.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? cursor, out DateTime at, out Guid id)
    {
        id = default;
        return TrySplit(cursor, out at, out var rest) && Guid.TryParseExact(rest, "N", out id);
    }

    public static bool TryParseLong(string? cursor, out DateTime at, out long id)
    {
        id = default;
        return TrySplit(cursor, out at, out var rest) && long.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id);
    }

    private static bool TrySplit(string? cursor, out DateTime at, out string rest)
    {
        at = default;
        rest = "";
        if (cursor?.Split('_') is not [var ticks, var id]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            || t < DateTime.MinValue.Ticks || t > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        at = new DateTime(t, DateTimeKind.Utc);
        rest = id;
        return true;
    }
}
