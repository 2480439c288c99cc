using System.Collections.Concurrent;

namespace SalesInsightActions.Simulators.DataSet;

/// <summary>
/// The cross-vendor data set: generated people (Marketo leads, Salesforce Leads/Contacts), accounts,
/// opportunities and users, plus an in-memory overlay of API writes and test changes on top.
/// Generated records cost no memory; only overlaid records are stored. Thread-safe.
/// </summary>
public sealed class SeededDataSet
{
    public const string AdminUsername = "admin@sim-salesforce.example";
    public const string RepUsername = "rep@sim-salesforce.example";

    private readonly PersonGenerator _generator;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, Person> _overlay = new();
    private readonly Lock _createLock = new();
    private long _nextCreatedMarketoId;

    public SeededDataSet(DataSetOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.PersonCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PersonCount, 1_500_000);
        _generator = new PersonGenerator(options);
        _time = time;
        SalesforceUsers = BuildUsers(options);
        _nextCreatedMarketoId = options.PersonCount + 1L;
    }

    /// <summary>Number of generated people (Marketo ids 1..PersonCount).</summary>
    public int PersonCount => _generator.PersonCount;

    public int AccountCount => _generator.AccountCount;

    /// <summary>Admin login user first, rep login user second, then generated owners.</summary>
    public IReadOnlyList<SeededSalesforceUser> SalesforceUsers { get; }

    /// <summary>Highest Marketo id in use, counting people created through the API.</summary>
    public long MaxMarketoId => Interlocked.Read(ref _nextCreatedMarketoId) - 1;

    /// <summary>Number of people changed, created or deleted since the last reset.</summary>
    public int OverlayCount => _overlay.Count;

    // ---------- Marketo-side lookups ----------

    /// <summary>The person with this Marketo id, or null (unknown or deleted unless asked for).</summary>
    public Person? FindByMarketoId(long marketoId, bool includeDeleted = false)
    {
        Person? person = _overlay.TryGetValue(marketoId, out Person? changed)
            ? changed
            : marketoId >= 1 && marketoId <= PersonCount ? Generate((int)(marketoId - 1)) : null;
        return person is null || (person.IsDeleted && !includeDeleted) ? null : person;
    }

    /// <summary>
    /// People whose email equals <paramref name="email"/> (case-insensitive), in Marketo id order.
    /// Generated emails encode their id, so this is O(overlay), never a scan of the generated set.
    /// </summary>
    public IReadOnlyList<Person> FindByEmail(string email)
    {
        List<Person> matches = [];
        if (PersonGenerator.TryReadMarketoId(email, out long encodedId)
            && encodedId >= 1 && encodedId <= PersonCount
            && !_overlay.ContainsKey(encodedId))
        {
            Person candidate = Generate((int)(encodedId - 1));
            if (string.Equals(candidate.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add(candidate);
            }
        }
        foreach (Person changed in _overlay.Values)
        {
            if (!changed.IsDeleted && string.Equals(changed.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add(changed);
            }
        }
        matches.Sort(static (a, b) => a.MarketoId.CompareTo(b.MarketoId));
        return matches;
    }

    /// <summary>All live people in Marketo id order, starting at <paramref name="fromMarketoId"/>; streams.</summary>
    public IEnumerable<Person> EnumeratePeople(long fromMarketoId = 1)
    {
        long max = MaxMarketoId;
        for (long id = Math.Max(1, fromMarketoId); id <= max; id++)
        {
            Person? person = FindByMarketoId(id);
            if (person is not null)
            {
                yield return person;
            }
        }
    }

    /// <summary>
    /// Live people whose updatedAt (or createdAt) lies in [startAt, endAt), in id order. Generated
    /// timestamps grow with the index, so the generated part is found by arithmetic, not a scan.
    /// </summary>
    public IEnumerable<Person> EnumerateByTimestamp(bool byUpdatedAt, DateTimeOffset startAt, DateTimeOffset endAt)
    {
        (long first, long endExclusive) = byUpdatedAt
            ? IndexRange(PersonGenerator.UpdatedEpoch, TimeSpan.FromMinutes(1), PersonGenerator.LeadsPerUpdatedMinute, startAt, endAt)
            : IndexRange(PersonGenerator.CreatedEpoch, PersonGenerator.CreatedSpacing, 1, startAt, endAt);
        for (long index = first; index < endExclusive; index++)
        {
            if (!_overlay.ContainsKey(index + 1))
            {
                yield return Generate((int)index);
            }
        }
        foreach (Person changed in _overlay.Values.OrderBy(static p => p.MarketoId))
        {
            DateTimeOffset stamp = byUpdatedAt ? changed.FieldsUpdatedAt ?? changed.UpdatedAt : changed.CreatedAt;
            if (!changed.IsDeleted && stamp >= startAt && stamp < endAt)
            {
                yield return changed;
            }
        }
    }

    // ---------- Salesforce-side lookups ----------

    /// <summary>The person synced to this Salesforce Lead id (15 or 18 chars), or null.</summary>
    public Person? FindBySalesforceLeadId(string leadId)
    {
        return SalesforceIds.TryParse(leadId, SalesforceIds.LeadPrefix, out long number)
            ? MatchSalesforceRecord(number, p => p.SalesforceLeadId, leadId)
            : null;
    }

    /// <summary>The person synced to this Salesforce Contact id (15 or 18 chars), or null.</summary>
    public Person? FindBySalesforceContactId(string contactId)
    {
        return SalesforceIds.TryParse(contactId, SalesforceIds.ContactPrefix, out long number)
            ? MatchSalesforceRecord(number, p => p.SalesforceContactId, contactId)
            : null;
    }

    public SeededAccount? FindAccount(string accountId)
    {
        return SalesforceIds.TryParse(accountId, SalesforceIds.AccountPrefix, out long number) && number <= AccountCount
            ? GetAccount((int)(number - 1))
            : null;
    }

    public SeededAccount GetAccount(int accountIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(accountIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(accountIndex, AccountCount);
        return _generator.GenerateAccount(accountIndex, SalesforceUsers);
    }

    /// <summary>Accounts in index order from <paramref name="fromIndex"/>; streams.</summary>
    public IEnumerable<SeededAccount> EnumerateAccounts(int fromIndex = 0)
    {
        for (int index = Math.Max(0, fromIndex); index < AccountCount; index++)
        {
            yield return GetAccount(index);
        }
    }

    /// <summary>The live Contacts of an account (at most four, computed from the account index).</summary>
    public IEnumerable<Person> ContactsOfAccount(string accountId)
    {
        if (!SalesforceIds.TryParse(accountId, SalesforceIds.AccountPrefix, out long number) || number > AccountCount)
        {
            yield break;
        }
        long firstIndex = (number - 1) * PersonGenerator.BlockSize;
        long endIndex = Math.Min(firstIndex + PersonGenerator.BlockSize, PersonCount);
        string account18 = SalesforceIds.To18(accountId);
        for (long index = firstIndex; index < endIndex; index++)
        {
            Person? person = FindByMarketoId(index + 1);
            if (person is { SalesforceKind: SalesforceRecordKind.Contact } && person.SalesforceAccountId == account18)
            {
                yield return person;
            }
        }
    }

    public SeededOpportunity? FindOpportunity(string opportunityId)
    {
        return SalesforceIds.TryParse(opportunityId, SalesforceIds.OpportunityPrefix, out long number) && number <= AccountCount
            ? _generator.GenerateOpportunity((int)(number - 1), SalesforceUsers)
            : null;
    }

    public SeededSalesforceUser? FindSalesforceUser(string userId)
    {
        string id18 = SalesforceIds.To18(userId);
        return SalesforceUsers.FirstOrDefault(u => u.Id == id18);
    }

    public SeededSalesforceUser? FindSalesforceUserByUsername(string username)
    {
        return SalesforceUsers.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));
    }

    // ---------- Overlay: writes by the APIs and by tests ----------

    /// <summary>
    /// Applies a change to a live person and stamps the field-update time, and updatedAt unless
    /// <paramref name="touchUpdatedAt"/> is false (edits Marketo does not stamp); false when not found.
    /// </summary>
    public bool TryUpdate(long marketoId, Func<Person, Person> change, out Person? updated, bool touchUpdatedAt = true)
    {
        updated = null;
        while (true)
        {
            Person? current = FindByMarketoId(marketoId);
            if (current is null)
            {
                return false;
            }
            DateTimeOffset now = _time.GetUtcNow();
            Person next = change(current) with { MarketoId = marketoId, UpdatedAt = touchUpdatedAt ? now : current.UpdatedAt, FieldsUpdatedAt = now };
            bool stored = _overlay.TryGetValue(marketoId, out Person? existing)
                ? _overlay.TryUpdate(marketoId, next, existing)
                : _overlay.TryAdd(marketoId, next);
            if (stored)
            {
                updated = next;
                return true;
            }
        }
    }

    /// <summary>Marks a person deleted (Marketo delete); false when not found.</summary>
    public bool TryDelete(long marketoId)
    {
        return TryUpdate(marketoId, static p => p with { IsDeleted = true }, out _);
    }

    /// <summary>Creates a new person with the next Marketo id; <paramref name="build"/> receives that id.</summary>
    public Person Create(Func<long, DateTimeOffset, Person> build)
    {
        lock (_createLock)
        {
            long id = _nextCreatedMarketoId;
            Person person = build(id, _time.GetUtcNow()) with { MarketoId = id, Index = -1 };
            _overlay[id] = person;
            _nextCreatedMarketoId = id + 1;
            return person;
        }
    }

    /// <summary>Forgets every overlay change: back to the pure generated set.</summary>
    public void Reset()
    {
        lock (_createLock)
        {
            _overlay.Clear();
            _nextCreatedMarketoId = PersonCount + 1L;
        }
    }

    /// <summary>A blank person for <see cref="Create"/> callers to fill with <c>with</c>.</summary>
    public static Person NewBlankPerson(long marketoId, DateTimeOffset now)
    {
        return new Person
        {
            MarketoId = marketoId,
            Index = -1,
            FirstName = null,
            LastName = null,
            Email = null,
            Company = null,
            Title = null,
            Phone = null,
            LinkedInProfileUrl = null,
            LeadSource = null,
            CreatedAt = now,
            UpdatedAt = now,
            SalesforceKind = SalesforceRecordKind.None,
            SalesforceLeadId = null,
            SalesforceContactId = null,
            SalesforceAccountId = null,
            SalesforceOpportunityId = null,
            SalesforceOwnerId = null,
        };
    }

    private Person Generate(int index) => _generator.Generate(index, SalesforceUsers);

    private Person? MatchSalesforceRecord(long marketoId, Func<Person, string?> idOf, string requestedId)
    {
        Person? person = FindByMarketoId(marketoId);
        return person is not null && idOf(person) is { } id && id.AsSpan(0, 15).SequenceEqual(requestedId.AsSpan(0, 15))
            ? person
            : null;
    }

    private (long First, long EndExclusive) IndexRange(DateTimeOffset epoch, TimeSpan step, int perStep, DateTimeOffset startAt, DateTimeOffset endAt)
    {
        static long StepsUntil(DateTimeOffset epoch, TimeSpan step, DateTimeOffset at)
        {
            // First step whose timestamp is >= at.
            double steps = Math.Ceiling((at - epoch) / step);
            return (long)Math.Clamp(steps, 0, long.MaxValue / 16);
        }
        long first = Math.Min(StepsUntil(epoch, step, startAt) * perStep, PersonCount);
        long end = Math.Min(StepsUntil(epoch, step, endAt) * perStep, PersonCount);
        return (first, Math.Max(first, end));
    }

    private static List<SeededSalesforceUser> BuildUsers(DataSetOptions options)
    {
        List<SeededSalesforceUser> users =
        [
            new(SalesforceIds.Create(SalesforceIds.UserPrefix, 1), AdminUsername, AdminUsername, "Sandbox", "Admin", "System Administrator", "Salesforce Administrator", true, true),
            new(SalesforceIds.Create(SalesforceIds.UserPrefix, 2), RepUsername, RepUsername, "Sandbox", "Rep", "Standard User", "Account Executive", true, true),
        ];
        for (int i = 0; i < options.OwnerUserCount; i++)
        {
            string first = NameLists.FirstNames[DeterministicHash.Pick(options.Seed, i, 30, NameLists.FirstNames.Length)];
            string last = NameLists.LastNames[DeterministicHash.Pick(options.Seed, i, 31, NameLists.LastNames.Length)];
            string username = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{i + 1}@sim-salesforce.example";
            users.Add(new(
                SalesforceIds.Create(SalesforceIds.UserPrefix, i + 3),
                username,
                username,
                first,
                last,
                "Standard User",
                "Sales Representative",
                IsActive: i % 7 != 6,
                ApiEnabled: true));
        }
        return users;
    }
}
