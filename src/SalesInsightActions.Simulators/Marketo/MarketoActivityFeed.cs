namespace SalesInsightActions.Simulators.Marketo;

/// <summary>A page of one of the activity feeds (activities, lead changes, deleted leads).</summary>
internal sealed record FeedPage(IReadOnlyList<object> Items, string NextPageToken, bool MoreResult);

/// <summary>
/// The activity stream behind activities.json, leadchanges.json and deletedleads.json: the synthetic
/// behavioural timeline merged with the activities that really happened (<see cref="MarketoActivityLog"/>),
/// ordered by (activity date, id). A paging token is a position "after (date, id)"; a page scans a
/// window of batchSize timeline slots, so pages can be short or empty while moreResult stays true.
/// </summary>
internal sealed class MarketoActivityFeed(MarketoActivityTimeline timeline, MarketoActivityLog log, TimeProvider time)
{
    private const string TokenKind = "act";
    private int _emptyPagesToServe;

    /// <summary>Pages the next feed reads answer empty with moreResult:true (clients must keep going).</summary>
    public int EmptyPagesToServe
    {
        get => Volatile.Read(ref _emptyPagesToServe);
        set => Volatile.Write(ref _emptyPagesToServe, Math.Max(0, value));
    }

    /// <summary>Token for every activity dated at or after <paramref name="since"/> (to the second).</summary>
    public static string TokenSince(DateTimeOffset since) =>
        MarketoPageToken.Create(TokenKind, MarketoActivityLog.ToSecond(since).UtcTicks, 0);

    public static bool TryReadToken(string? token, out long afterTicks, out long afterId) =>
        MarketoPageToken.TryRead(token, TokenKind, out afterTicks, out afterId)
        && afterTicks <= DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay;

    /// <param name="synthetic">Which synthetic timeline items belong to this feed; null: none.</param>
    /// <param name="logged">Which logged activities belong to this feed.</param>
    /// <param name="project">The wire form of a logged activity.</param>
    public FeedPage Read(
        long afterTicks,
        long afterId,
        int batchSize,
        Func<ActivityItem, bool>? synthetic,
        Func<LoggedActivity, bool> logged,
        Func<LoggedActivity, object> project)
    {
        if (TryTakeEmptyPage())
        {
            return new FeedPage([], MarketoPageToken.Create(TokenKind, afterTicks, afterId), true);
        }
        DateTimeOffset now = MarketoActivityLog.ToSecond(time.GetUtcNow());
        long endSlot = timeline.EndSlotAt(now);
        long first = timeline.SlotAt(new DateTimeOffset(afterTicks, TimeSpan.Zero));
        if (timeline.SlotDate(first).UtcTicks == afterTicks && first + 1 <= afterId)
        {
            first++;
        }
        long windowEnd = first + batchSize;
        bool reachesNow = windowEnd >= endSlot;
        long untilTicks = reachesNow ? now.UtcTicks : timeline.SlotDate(windowEnd).UtcTicks - 1;

        List<(long Ticks, long Id, object Item)> merged = [];
        if (synthetic is not null)
        {
            for (long slot = first; slot < Math.Min(windowEnd, endSlot); slot++)
            {
                if (timeline.At(slot) is { } item && synthetic(item))
                {
                    merged.Add((timeline.SlotDate(slot).UtcTicks, item.Id, item));
                }
            }
        }
        (List<LoggedActivity> entries, long lastIssuedId) = log.After(afterTicks, afterId, untilTicks, logged, batchSize + 1);
        merged.AddRange(entries.Select(e => (e.DateTicks, e.Item.Id, project(e))));
        merged.Sort(static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Id.CompareTo(b.Id));

        if (merged.Count > batchSize)
        {
            merged.RemoveRange(batchSize, merged.Count - batchSize);
            (long ticks, long id, _) = merged[^1];
            return new FeedPage([.. merged.Select(static m => m.Item)], MarketoPageToken.Create(TokenKind, ticks, id), true);
        }
        // Caught up: later activities at this same second get ids above lastIssuedId, so none is skipped.
        string next = reachesNow
            ? MarketoPageToken.Create(TokenKind, now.UtcTicks, Math.Max(lastIssuedId, merged.Count > 0 ? merged[^1].Id : 0))
            : MarketoPageToken.Create(TokenKind, untilTicks, long.MaxValue);
        return new FeedPage([.. merged.Select(static m => m.Item)], next, !reachesNow);
    }

    public void Reset() => EmptyPagesToServe = 0;

    private bool TryTakeEmptyPage()
    {
        while (true)
        {
            int current = Volatile.Read(ref _emptyPagesToServe);
            if (current <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _emptyPagesToServe, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
