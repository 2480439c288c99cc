using System.Collections.Concurrent;
using SalesInsightActions.Simulators.DataSet;
using SalesInsightActions.Simulators.Salesforce.Schema;

namespace SalesInsightActions.Simulators.Salesforce.Records;

/// <summary>
/// The org's records: Leads, Contacts, Accounts, Opportunities and Users generated on demand from the
/// shared data set (nothing materialised), with an overlay of Salesforce-side changes and deletes, and
/// the Tasks written through the API. Scans are in Id order and resumable from a position, so query
/// cursors and Bulk locators never hold rows.
/// </summary>
public sealed class SalesforceRecordStore(SeededDataSet dataSet, SalesforceUserDirectory users, TimeProvider clock)
{
    private static readonly DateTimeOffset UsersCreated = new(2020, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, Dictionary<string, object?>> _changes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SObjectRecord> _tasks = new(StringComparer.Ordinal);
    private long _lastTaskNumber;

    // Tasks by External ID / unique field value (lower case), as Salesforce indexes them: an upsert of the 100,000th
    // Task looks its key up at once instead of scanning every Task before it. Entries are checked against the Task on use.
    private readonly ConcurrentDictionary<string, string> _taskKeys = new(StringComparer.Ordinal);

    /// <summary>Records of <paramref name="type"/> from scan position <paramref name="from"/> on, each with the position after it.</summary>
    public IEnumerable<(SObjectRecord Record, long Next)> Scan(SObjectType type, long from, bool includeDeleted)
    {
        foreach ((SObjectRecord raw, long next) in ScanGenerated(type, from))
        {
            SObjectRecord record = ApplyOverlay(raw);
            if (includeDeleted || !record.IsDeleted)
            {
                yield return (record, next);
            }
        }
    }

    /// <summary>A record by 15- or 18-character id, deleted ones only when asked.</summary>
    public SObjectRecord? Find(string id, bool includeDeleted = false)
    {
        SObjectType? type = SalesforceSchema.ForId(id);
        if (type is null)
        {
            return null;
        }
        string id18 = SalesforceIds.To18(id);
        SObjectRecord? raw = type.Name switch
        {
            "Lead" => dataSet.FindBySalesforceLeadId(id18) is { } lead ? FromLeadPerson(lead) : FindPersonIncludingDeleted(id18, SalesforceRecordKind.Lead),
            "Contact" => dataSet.FindBySalesforceContactId(id18) is { } contact ? FromContactPerson(contact) : FindPersonIncludingDeleted(id18, SalesforceRecordKind.Contact),
            "Account" => dataSet.FindAccount(id18) is { } account ? FromAccount(account) : null,
            "Opportunity" => dataSet.FindOpportunity(id18) is { } opportunity && dataSet.FindAccount(opportunity.AccountId)?.OpportunityId == opportunity.Id
                ? FromOpportunity(opportunity, dataSet.FindAccount(opportunity.AccountId)!) : null,
            "User" => users.All.FirstOrDefault(u => !u.IsSandbox && SalesforceUserDirectory.SameId(u.Id, id18)) is { } user ? FromUser(user) : null,
            "Task" => _tasks.GetValueOrDefault(id18),
            _ => null,
        };
        if (raw is null)
        {
            return null;
        }
        SObjectRecord record = ApplyOverlay(raw);
        return includeDeleted || !record.IsDeleted ? record : null;
    }

    /// <summary>Changes fields of a record (test control); stamps LastModifiedDate. False when not found.</summary>
    public bool Update(string id, IReadOnlyDictionary<string, object?> fields)
    {
        SObjectRecord? existing = Find(id);
        if (existing is null)
        {
            return false;
        }
        if (existing.Type == SalesforceSchema.Task)
        {
            SObjectRecord updated = Stamp(existing.With(fields));
            _tasks[existing.Id] = updated;
            IndexTask(updated);
            return true;
        }
        _changes.AddOrUpdate(existing.Id,
            _ => Stamped(new Dictionary<string, object?>(fields, StringComparer.OrdinalIgnoreCase)),
            (_, current) =>
            {
                var merged = new Dictionary<string, object?>(current, StringComparer.OrdinalIgnoreCase);
                foreach ((string key, object? value) in fields)
                {
                    merged[key] = value;
                }
                return Stamped(merged);
            });
        return true;
    }

    /// <summary>Moves a record to the recycle bin: gone from query, still in queryAll with IsDeleted = true.</summary>
    public bool Delete(string id) => Find(id) is { } record && record.Type.HasIsDeleted && Update(record.Id, new Dictionary<string, object?> { ["IsDeleted"] = true });

    public bool Undelete(string id) => Find(id, includeDeleted: true) is { IsDeleted: true } record && UpdateDeleted(record.Id);

    /// <summary>Stores a new Task (already validated) and returns it with its id and audit fields.</summary>
    public SObjectRecord InsertTask(Dictionary<string, object?> fields, string createdById)
    {
        long number = Interlocked.Increment(ref _lastTaskNumber);
        string id = SalesforceIds.Create(SalesforceIds.TaskPrefix, number);
        DateTimeOffset now = Now();
        var values = new Dictionary<string, object?>(fields, StringComparer.OrdinalIgnoreCase)
        {
            ["Id"] = id,
            ["IsDeleted"] = false,
            ["CreatedDate"] = now,
            ["CreatedById"] = createdById,
            ["LastModifiedDate"] = now,
            ["LastModifiedById"] = createdById,
            ["SystemModstamp"] = now,
        };
        values["IsClosed"] = values.GetValueOrDefault("Status") as string == "Completed";
        var record = new SObjectRecord(SalesforceSchema.Task, values);
        _tasks[id] = record;
        IndexTask(record);
        return record;
    }

    /// <summary>Held while an upsert looks a Task up by External ID and writes it, so two upserts of one key make one Task.</summary>
    public Lock TaskWriteLock { get; } = new();

    /// <summary>The live Task whose <paramref name="field"/> equals <paramref name="value"/> (External IDs compare case-insensitively).</summary>
    public SObjectRecord? FindTaskBy(string field, string value)
    {
        if (SalesforceSchema.Task.FindField(field) is { } keyField && IsIndexed(keyField))
        {
            return _taskKeys.TryGetValue(TaskKey(keyField.Name, value), out string? id) && _tasks.TryGetValue(id, out SObjectRecord? indexed)
                && !indexed.IsDeleted && indexed[field] is string held && string.Equals(held, value, StringComparison.OrdinalIgnoreCase)
                ? indexed
                : null;
        }
        return _tasks.Values.FirstOrDefault(t => !t.IsDeleted && t[field] is string current && string.Equals(current, value, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsIndexed(SObjectField field) => field.ExternalId || field.Unique;

    private static string TaskKey(string field, string value) => field.ToLowerInvariant() + "\n" + value.ToLowerInvariant();

    private void IndexTask(SObjectRecord task)
    {
        foreach (SObjectField field in SalesforceSchema.Task.Fields.Where(IsIndexed))
        {
            if (task[field.Name] is string value && !task.IsDeleted)
            {
                _taskKeys[TaskKey(field.Name, value)] = task.Id;
            }
        }
    }

    /// <summary>Every Task written through the API, oldest first (deleted ones included, flagged).</summary>
    public IReadOnlyList<SObjectRecord> WrittenTasks() => _tasks.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();

    /// <summary>Forgets Salesforce-side changes, deletes and Tasks.</summary>
    public void Reset()
    {
        _changes.Clear();
        _tasks.Clear();
        _taskKeys.Clear();
    }

    private bool UpdateDeleted(string id18)
    {
        if (_tasks.TryGetValue(id18, out SObjectRecord? task))
        {
            _tasks[id18] = Stamp(task.With(new Dictionary<string, object?> { ["IsDeleted"] = false }));
            IndexTask(_tasks[id18]);
            return true;
        }
        _changes.AddOrUpdate(id18, _ => Stamped(new(StringComparer.OrdinalIgnoreCase) { ["IsDeleted"] = false }),
            (_, current) => Stamped(new Dictionary<string, object?>(current, StringComparer.OrdinalIgnoreCase) { ["IsDeleted"] = false }));
        return true;
    }

    private IEnumerable<(SObjectRecord Record, long Next)> ScanGenerated(SObjectType type, long from)
    {
        switch (type.Name)
        {
            case "Lead":
            case "Contact":
                var kind = type.Name == "Lead" ? SalesforceRecordKind.Lead : SalesforceRecordKind.Contact;
                long max = dataSet.MaxMarketoId;
                for (long marketoId = Math.Max(1, from); marketoId <= max; marketoId++)
                {
                    Person? person = dataSet.FindByMarketoId(marketoId, includeDeleted: true);
                    if (person is not null && person.SalesforceKind == kind)
                    {
                        yield return (kind == SalesforceRecordKind.Lead ? FromLeadPerson(person) : FromContactPerson(person), marketoId + 1);
                    }
                }
                break;
            case "Account":
                for (long index = Math.Max(0, from); index < dataSet.AccountCount; index++)
                {
                    yield return (FromAccount(dataSet.GetAccount((int)index)), index + 1);
                }
                break;
            case "Opportunity":
                for (long index = Math.Max(0, from); index < dataSet.AccountCount; index++)
                {
                    SeededAccount account = dataSet.GetAccount((int)index);
                    if (account.OpportunityId is not null && dataSet.FindOpportunity(account.OpportunityId) is { } opportunity)
                    {
                        yield return (FromOpportunity(opportunity, account), index + 1);
                    }
                }
                break;
            case "User":
                var orgUsers = users.All.Where(u => !u.IsSandbox).ToList();
                for (long index = Math.Max(0, from); index < orgUsers.Count; index++)
                {
                    yield return (FromUser(orgUsers[(int)index]), index + 1);
                }
                break;
            case "Task":
                foreach (SObjectRecord task in _tasks.Values.OrderBy(t => t.Id, StringComparer.Ordinal))
                {
                    SalesforceIds.TryParse(task.Id, SalesforceIds.TaskPrefix, out long number);
                    if (number >= from)
                    {
                        yield return (task, number + 1);
                    }
                }
                break;
        }
    }

    private SObjectRecord? FindPersonIncludingDeleted(string id18, SalesforceRecordKind kind)
    {
        // People deleted in Marketo keep their Salesforce record.
        string prefix = kind == SalesforceRecordKind.Lead ? SalesforceIds.LeadPrefix : SalesforceIds.ContactPrefix;
        if (!SalesforceIds.TryParse(id18, prefix, out long marketoId))
        {
            return null;
        }
        Person? person = dataSet.FindByMarketoId(marketoId, includeDeleted: true);
        if (person is null || person.SalesforceKind != kind)
        {
            return null;
        }
        string? id = kind == SalesforceRecordKind.Lead ? person.SalesforceLeadId : person.SalesforceContactId;
        return id is not null && SalesforceUserDirectory.SameId(id, id18)
            ? kind == SalesforceRecordKind.Lead ? FromLeadPerson(person) : FromContactPerson(person)
            : null;
    }

    private SObjectRecord ApplyOverlay(SObjectRecord record) =>
        _changes.TryGetValue(record.Id, out Dictionary<string, object?>? changes) ? record.With(changes) : record;

    private SObjectRecord Stamp(SObjectRecord record) => record.With(Stamped(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)));

    private Dictionary<string, object?> Stamped(Dictionary<string, object?> fields)
    {
        DateTimeOffset now = Now();
        fields["LastModifiedDate"] = now;
        fields["SystemModstamp"] = now;
        return fields;
    }

    // Salesforce stores datetimes with millisecond precision.
    private DateTimeOffset Now()
    {
        DateTimeOffset now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private string AdminUserId => users.All[0].Id;

    private SObjectRecord FromLeadPerson(Person p) => new(SalesforceSchema.Lead, new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = p.SalesforceLeadId,
        ["IsDeleted"] = false,
        ["FirstName"] = p.FirstName,
        ["LastName"] = p.LastName ?? "[not provided]",
        ["Name"] = FullName(p.FirstName, p.LastName),
        ["Title"] = p.Title,
        ["Company"] = p.Company ?? "[not provided]",
        ["Email"] = p.Email,
        ["Phone"] = p.Phone,
        ["LeadSource"] = p.LeadSource,
        ["Status"] = LeadStatuses[(int)(p.MarketoId % LeadStatuses.Length)],
        ["OwnerId"] = p.SalesforceOwnerId ?? AdminUserId,
        ["IsConverted"] = false,
        ["ConvertedContactId"] = null,
        ["ConvertedAccountId"] = null,
        ["HasOptedOutOfEmail"] = false,
        ["CreatedDate"] = p.CreatedAt,
        ["CreatedById"] = AdminUserId,
        ["LastModifiedDate"] = p.UpdatedAt,
        ["LastModifiedById"] = AdminUserId,
        ["SystemModstamp"] = p.UpdatedAt,
    });

    private SObjectRecord FromContactPerson(Person p) => new(SalesforceSchema.Contact, new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = p.SalesforceContactId,
        ["IsDeleted"] = false,
        ["AccountId"] = p.SalesforceAccountId,
        ["FirstName"] = p.FirstName,
        ["LastName"] = p.LastName ?? "[not provided]",
        ["Name"] = FullName(p.FirstName, p.LastName),
        ["Title"] = p.Title,
        ["Email"] = p.Email,
        ["Phone"] = p.Phone,
        ["LeadSource"] = p.LeadSource,
        ["OwnerId"] = p.SalesforceOwnerId ?? AdminUserId,
        ["HasOptedOutOfEmail"] = false,
        ["CreatedDate"] = p.CreatedAt,
        ["CreatedById"] = AdminUserId,
        ["LastModifiedDate"] = p.UpdatedAt,
        ["LastModifiedById"] = AdminUserId,
        ["SystemModstamp"] = p.UpdatedAt,
    });

    private SObjectRecord FromAccount(SeededAccount a) => new(SalesforceSchema.Account, new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = a.Id,
        ["IsDeleted"] = false,
        ["Name"] = a.Name,
        ["Website"] = a.Website,
        ["Industry"] = a.Industry,
        ["OwnerId"] = a.OwnerId,
        ["CreatedDate"] = a.CreatedDate,
        ["CreatedById"] = AdminUserId,
        ["LastModifiedDate"] = a.CreatedDate,
        ["LastModifiedById"] = AdminUserId,
        ["SystemModstamp"] = a.CreatedDate,
    });

    private SObjectRecord FromOpportunity(SeededOpportunity o, SeededAccount account) => new(SalesforceSchema.Opportunity, new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = o.Id,
        ["IsDeleted"] = false,
        ["AccountId"] = o.AccountId,
        ["Name"] = o.Name,
        ["StageName"] = o.StageName,
        ["Amount"] = o.Amount,
        ["CloseDate"] = o.CloseDate,
        ["IsClosed"] = o.StageName.StartsWith("Closed", StringComparison.Ordinal),
        ["IsWon"] = o.StageName == "Closed Won",
        ["OwnerId"] = o.OwnerId,
        ["CreatedDate"] = account.CreatedDate,
        ["CreatedById"] = AdminUserId,
        ["LastModifiedDate"] = account.CreatedDate,
        ["LastModifiedById"] = AdminUserId,
        ["SystemModstamp"] = account.CreatedDate,
    });

    private SObjectRecord FromUser(SalesforceLoginUser u) => new(SalesforceSchema.User, new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = u.Id,
        ["Username"] = u.Username,
        ["FirstName"] = u.FirstName,
        ["LastName"] = u.LastName,
        ["Name"] = u.Name,
        ["Email"] = u.Email,
        ["Title"] = u.Title,
        ["IsActive"] = u.IsActive,
        ["UserType"] = "Standard",
        ["ProfileName"] = u.ProfileName,
        ["TimeZoneSidKey"] = "America/Los_Angeles",
        ["LocaleSidKey"] = "en_US",
        ["LanguageLocaleKey"] = "en_US",
        ["CreatedDate"] = UsersCreated,
        ["CreatedById"] = AdminUserId,
        ["LastModifiedDate"] = UsersCreated,
        ["LastModifiedById"] = AdminUserId,
        ["SystemModstamp"] = UsersCreated,
    });

    private static readonly string[] LeadStatuses = ["Open - Not Contacted", "Working - Contacted", "Open - Not Contacted", "Closed - Not Converted"];

    private static string FullName(string? first, string? last) => string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrEmpty(s)));
}
