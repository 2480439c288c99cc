using System.Text.Json.Serialization;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>One changed field as the lead changes feed shows it (null values written as null, as Marketo does).</summary>
internal sealed record LeadFieldChange(
    int Id,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NewValue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? OldValue);

/// <summary>
/// An activity that really happened (a lead created, changed, deleted or merged, or a custom activity
/// a client added). <see cref="DateTicks"/> is the activity date in whole seconds; with
/// <see cref="MarketoActivityLog.Id"/> it orders the feed. <see cref="DeletedFeedOnly"/> entries
/// (merged-away leads, when that knob is on) show only in deletedleads.json.
/// </summary>
internal sealed record LoggedActivity(ActivityItem Item, long DateTicks, IReadOnlyList<LeadFieldChange>? Fields = null, bool DeletedFeedOnly = false);

/// <summary>
/// Activities that happened in this simulator, kept in feed order (activity date, then id). Ids come
/// from one sequence far above the synthetic timeline's, so entries at the same second as a synthetic
/// activity sort after it and a later entry always sorts after an earlier one at the same second.
/// </summary>
internal sealed class MarketoActivityLog
{
    public const long FirstId = 10_000_000_001;

    private readonly Lock _lock = new();
    private readonly List<LoggedActivity> _entries = [];
    private long _nextId = FirstId;

    /// <summary>The highest id handed out so far (FirstId - 1 when none).</summary>
    public long LastIssuedId
    {
        get
        {
            lock (_lock)
            {
                return _nextId - 1;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Marketo keeps activity dates to the second.</summary>
    public static DateTimeOffset ToSecond(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>Appends an activity built from the next id, dated <paramref name="at"/> (to the second).</summary>
    public LoggedActivity Append(DateTimeOffset at, Func<long, string, LoggedActivity> build)
    {
        DateTimeOffset date = ToSecond(at);
        lock (_lock)
        {
            LoggedActivity entry = build(_nextId++, MarketoResults.FormatDateTime(date)) with { DateTicks = date.UtcTicks };
            // Nearly always the end: only back-dated custom activities land earlier.
            if (_entries.Count == 0 || Compare(_entries[^1], entry) <= 0)
            {
                _entries.Add(entry);
            }
            else
            {
                int low = 0;
                int high = _entries.Count;
                while (low < high)
                {
                    int mid = (low + high) >>> 1;
                    if (Compare(_entries[mid], entry) > 0)
                    {
                        high = mid;
                    }
                    else
                    {
                        low = mid + 1;
                    }
                }
                _entries.Insert(low, entry);
            }
            return entry;
        }
    }

    /// <summary>
    /// Entries strictly after (<paramref name="afterTicks"/>, <paramref name="afterId"/>) with a date at most
    /// <paramref name="untilTicks"/> (inclusive) that pass <paramref name="filter"/>, in feed order, at most
    /// <paramref name="max"/>.
    /// </summary>
    public (List<LoggedActivity> Entries, long LastIssuedId) After(long afterTicks, long afterId, long untilTicks, Func<LoggedActivity, bool> filter, int max)
    {
        List<LoggedActivity> found = [];
        lock (_lock)
        {
            int low = 0;
            int high = _entries.Count;
            while (low < high)
            {
                int mid = (low + high) >>> 1;
                LoggedActivity e = _entries[mid];
                bool isAfter = e.DateTicks > afterTicks || (e.DateTicks == afterTicks && e.Item.Id > afterId);
                if (isAfter)
                {
                    high = mid;
                }
                else
                {
                    low = mid + 1;
                }
            }
            for (int i = low; i < _entries.Count && found.Count < max; i++)
            {
                LoggedActivity e = _entries[i];
                if (e.DateTicks > untilTicks)
                {
                    break;
                }
                if (filter(e))
                {
                    found.Add(e);
                }
            }
            return (found, _nextId - 1);
        }
    }

    public IReadOnlyList<LoggedActivity> Snapshot()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _entries.Clear();
            _nextId = FirstId;
        }
    }

    private static int Compare(LoggedActivity a, LoggedActivity b)
    {
        int byDate = a.DateTicks.CompareTo(b.DateTicks);
        return byDate != 0 ? byDate : a.Item.Id.CompareTo(b.Item.Id);
    }
}
