namespace SalesInsightActions.Simulators.DataSet;

/// <summary>
/// Computes person i, account a, owner u purely from (seed, index). Layout (fixed so that lookups
/// invert arithmetically): people come in blocks of ten sharing one Salesforce account; slots 0–3
/// are Contacts of that account, 4–8 are Leads, 9 exists only in Marketo. Marketo id = index + 1.
/// </summary>
internal sealed class PersonGenerator(DataSetOptions options)
{
    public const int BlockSize = 10;
    private const int ContactSlots = 4;
    private const int LeadSlotsEnd = 9;

    /// <summary>Leads are created 20 s apart from here, so createdAt grows with the index.</summary>
    public static readonly DateTimeOffset CreatedEpoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Groups of seven leads share one updatedAt minute: clients must page on (timestamp, id).</summary>
    public static readonly DateTimeOffset UpdatedEpoch = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public const int LeadsPerUpdatedMinute = 7;
    public static readonly TimeSpan CreatedSpacing = TimeSpan.FromSeconds(20);

    private readonly int _seed = options.Seed;

    public int PersonCount { get; } = options.PersonCount;
    public int AccountCount => (PersonCount + BlockSize - 1) / BlockSize;

    public static SalesforceRecordKind KindOf(int index)
    {
        int slot = index % BlockSize;
        return slot < ContactSlots ? SalesforceRecordKind.Contact
            : slot < LeadSlotsEnd ? SalesforceRecordKind.Lead
            : SalesforceRecordKind.None;
    }

    public static DateTimeOffset CreatedAtOf(long index) => CreatedEpoch + (CreatedSpacing * index);

    public static DateTimeOffset UpdatedAtOf(long index) => UpdatedEpoch + TimeSpan.FromMinutes(index / LeadsPerUpdatedMinute);

    public Person Generate(int index, IReadOnlyList<SeededSalesforceUser> users)
    {
        string first = NameLists.FirstNames[DeterministicHash.Pick(_seed, index, 1, NameLists.FirstNames.Length)];
        string last = NameLists.LastNames[DeterministicHash.Pick(_seed, index, 2, NameLists.LastNames.Length)];
        long marketoId = index + 1L;
        SalesforceRecordKind kind = KindOf(index);
        int accountIndex = index / BlockSize;
        string company = kind == SalesforceRecordKind.Contact
            ? AccountName(accountIndex)
            : CompanyName(index, salt: 3);
        ulong phoneBits = DeterministicHash.Mix(_seed, index, 4);
        string? accountId = kind == SalesforceRecordKind.Contact ? SalesforceIds.Create(SalesforceIds.AccountPrefix, accountIndex + 1L) : null;
        return new Person
        {
            MarketoId = marketoId,
            Index = index,
            FirstName = first,
            LastName = last,
            Email = EmailFor(first, last, marketoId, company),
            Company = company,
            Title = NameLists.Titles[DeterministicHash.Pick(_seed, index, 5, NameLists.Titles.Length)],
            // Every 13th person has no phone so clients see nulls in real data.
            Phone = index % 13 == 12 ? null : $"+1 555 {(phoneBits % 900) + 100:D3} {(phoneBits >> 16) % 10000:D4}",
            LinkedInProfileUrl = index % 5 == 4 ? null : $"https://www.linkedin.com/in/{first.ToLowerInvariant()}-{last.ToLowerInvariant()}-{marketoId}",
            LeadSource = NameLists.LeadSources[DeterministicHash.Pick(_seed, index, 6, NameLists.LeadSources.Length)],
            CreatedAt = CreatedAtOf(index),
            UpdatedAt = UpdatedAtOf(index),
            SalesforceKind = kind,
            SalesforceLeadId = kind == SalesforceRecordKind.Lead ? SalesforceIds.Create(SalesforceIds.LeadPrefix, marketoId) : null,
            SalesforceContactId = kind == SalesforceRecordKind.Contact ? SalesforceIds.Create(SalesforceIds.ContactPrefix, marketoId) : null,
            SalesforceAccountId = accountId,
            SalesforceOpportunityId = kind == SalesforceRecordKind.Contact ? OpportunityIdOf(accountIndex) : null,
            SalesforceOwnerId = kind == SalesforceRecordKind.None ? null : OwnerOf(index, salt: 7, users).Id,
        };
    }

    public SeededAccount GenerateAccount(int accountIndex, IReadOnlyList<SeededSalesforceUser> users)
    {
        string name = AccountName(accountIndex);
        return new SeededAccount(
            SalesforceIds.Create(SalesforceIds.AccountPrefix, accountIndex + 1L),
            accountIndex,
            name,
            "https://www." + DomainOf(name),
            NameLists.Industries[DeterministicHash.Pick(_seed, accountIndex, 11, NameLists.Industries.Length)],
            OwnerOf(accountIndex, salt: 12, users).Id,
            OpportunityIdOf(accountIndex),
            CreatedAtOf((long)accountIndex * BlockSize));
    }

    public SeededOpportunity? GenerateOpportunity(int accountIndex, IReadOnlyList<SeededSalesforceUser> users)
    {
        string? id = OpportunityIdOf(accountIndex);
        if (id is null)
        {
            return null;
        }
        ulong bits = DeterministicHash.Mix(_seed, accountIndex, 13);
        return new SeededOpportunity(
            id,
            SalesforceIds.Create(SalesforceIds.AccountPrefix, accountIndex + 1L),
            AccountName(accountIndex) + " - Expansion",
            NameLists.OpportunityStages[(int)(bits % (ulong)NameLists.OpportunityStages.Length)],
            ((bits >> 8) % 200 + 1) * 1000m,
            DateOnly.FromDateTime(UpdatedEpoch.UtcDateTime).AddDays((int)((bits >> 20) % 365)),
            OwnerOf(accountIndex, salt: 12, users).Id);
    }

    /// <summary>Two accounts in three have an open opportunity; the rest have none.</summary>
    public static string? OpportunityIdOf(int accountIndex)
    {
        return accountIndex % 3 == 2 ? null : SalesforceIds.Create(SalesforceIds.OpportunityPrefix, accountIndex + 1L);
    }

    public static string EmailFor(string first, string last, long marketoId, string company)
    {
        return $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}.{marketoId}@{DomainOf(company)}";
    }

    /// <summary>The Marketo id a generated email encodes ("first.last.{id}@domain"), if it has that form.</summary>
    public static bool TryReadMarketoId(string email, out long marketoId)
    {
        marketoId = 0;
        int at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }
        int dot = email.LastIndexOf('.', at - 1);
        return dot >= 0 && long.TryParse(email.AsSpan(dot + 1, at - dot - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out marketoId);
    }

    private string AccountName(int accountIndex) => CompanyName(accountIndex, salt: 20);

    private string CompanyName(long key, int salt)
    {
        ulong bits = DeterministicHash.Mix(_seed, key, salt);
        return NameLists.CompanyWords[(int)(bits % (ulong)NameLists.CompanyWords.Length)] + " "
            + NameLists.CompanyNouns[(int)((bits >> 16) % (ulong)NameLists.CompanyNouns.Length)] + " "
            + NameLists.CompanySuffixes[(int)((bits >> 32) % (ulong)NameLists.CompanySuffixes.Length)];
    }

    private static string DomainOf(string company)
    {
        Span<char> buffer = stackalloc char[company.Length];
        int length = 0;
        foreach (char c in company)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }
        return new string(buffer[..length]) + ".example";
    }

    // Owners exclude the admin login user (index 0): records belong to reps.
    private SeededSalesforceUser OwnerOf(long key, int salt, IReadOnlyList<SeededSalesforceUser> users)
    {
        return users[1 + DeterministicHash.Pick(_seed, key, salt, users.Count - 1)];
    }
}
