using System.Globalization;

namespace SalesInsightActions.Web.Infrastructure.Web;

/// <summary>
/// The "older than" position of a list paged by (time, id) descending, as it travels in a URL: "{ticks}_{guid:N}".
/// A tampered or stale cursor is just not a cursor (the list starts at the top), never an error.
/// </summary>
public static class KeysetCursor
{
    public static string Format(DateTime at, Guid id) => $"{at.Ticks.ToString(CultureInfo.InvariantCulture)}_{id:N}";

    public static bool TryParse(string? cursor, out DateTime at, out Guid id)
    {
        at = default;
        id = default;
        if (cursor?.Split('_') is not [var ticks, var guid]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            || t < DateTime.MinValue.Ticks || t > DateTime.MaxValue.Ticks
            || !Guid.TryParseExact(guid, "N", out id))
        {
            return false;
        }

        at = new DateTime(t, DateTimeKind.Utc);
        return true;
    }
}
