using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>One page of verdict rows: files can hold 10,000 people, a page shows 200.</summary>
public sealed record CsvVerdictPage(IReadOnlyList<InviteVerdict> Rows, int PageNumber, int PageCount, int TotalRows)
{
    public const int PageSize = 200;

    public static CsvVerdictPage Of(IReadOnlyList<InviteVerdict> verdicts, int requestedPage)
    {
        var pageCount = Math.Max(1, (verdicts.Count + PageSize - 1) / PageSize);
        var page = Math.Clamp(requestedPage, 1, pageCount);
        return new CsvVerdictPage([.. verdicts.Skip((page - 1) * PageSize).Take(PageSize)], page, pageCount, verdicts.Count);
    }
}

/// <summary>How many rows are skipped for one reason, with the sentence that explains it.</summary>
public sealed record CsvSkipGroup(InviteSkipReason Reason, string MessageKey, int Count)
{
    public static IReadOnlyList<CsvSkipGroup> Of(IEnumerable<InviteVerdict> verdicts) =>
        [.. verdicts.Where(v => !v.WillInvite).GroupBy(v => v.Reason).OrderByDescending(g => g.Count())
            .Select(g => new CsvSkipGroup(g.Key, g.First().MessageKey, g.Count()))];
}

/// <summary>Model of the shared verdict table partial (_CsvVerdictTable).</summary>
public sealed record CsvVerdictTable(CsvVerdictPage Page, string BaseUrl, bool SkippedOnly);
