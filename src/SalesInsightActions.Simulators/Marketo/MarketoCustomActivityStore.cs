namespace SalesInsightActions.Simulators.Marketo;

/// <summary>A custom activity attribute as the external types API shows it.</summary>
public sealed record CustomActivityAttribute(string ApiName, string Name, string DataType, string? Description, bool IsPrimary);

/// <summary>A custom activity type; created as "draft", usable once "approved".</summary>
public sealed record CustomActivityType(
    int Id,
    string ApiName,
    string Name,
    string? Description,
    string TriggerName,
    string FilterName,
    CustomActivityAttribute PrimaryAttribute,
    IReadOnlyList<CustomActivityAttribute> Attributes,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A custom activity a client wrote (kept so tests can assert what was sent).</summary>
public sealed record RecordedActivity(
    long Id,
    string MarketoGuid,
    long LeadId,
    DateTimeOffset ActivityDate,
    int ActivityTypeId,
    string ActivityTypeApiName,
    string PrimaryAttributeValue,
    IReadOnlyDictionary<string, string?> Attributes);

/// <summary>Custom activity types and written custom activities; limits as the real subscription.</summary>
public sealed class MarketoCustomActivityStore
{
    public const int MaxTypes = 10;
    public const int MaxAttributes = 20;
    private const int FirstTypeId = 100001;

    private readonly Lock _lock = new();
    private readonly List<CustomActivityType> _types = [];
    private readonly List<RecordedActivity> _recorded = [];

    public IReadOnlyList<CustomActivityType> Types
    {
        get
        {
            lock (_lock)
            {
                return [.. _types];
            }
        }
    }

    /// <summary>Every custom activity written since the last reset, in write order.</summary>
    public IReadOnlyList<RecordedActivity> RecordedActivities
    {
        get
        {
            lock (_lock)
            {
                return [.. _recorded];
            }
        }
    }

    internal IEnumerable<object> ApprovedAsActivityTypes()
    {
        return Types.Where(static t => t.Status == "approved").Select(static t => (object)new ActivityTypeDescription(
            t.Id,
            t.Name,
            t.Description ?? t.Name,
            new ActivityAttributeType(t.PrimaryAttribute.Name, t.PrimaryAttribute.DataType),
            [.. t.Attributes.Select(static a => new ActivityAttributeType(a.Name, a.DataType))]));
    }

    /// <summary>Adds a draft type; null with an error message when the limit or a name clash forbids it.</summary>
    public CustomActivityType? TryCreate(CustomActivityType draft, DateTimeOffset now, out string? error)
    {
        lock (_lock)
        {
            error = _types.Count >= MaxTypes ? $"Max number of custom activity types ({MaxTypes}) reached"
                : _types.Any(t => string.Equals(t.ApiName, draft.ApiName, StringComparison.OrdinalIgnoreCase)) ? $"Activity type '{draft.ApiName}' already exists"
                : null;
            if (error is not null)
            {
                return null;
            }
            CustomActivityType created = draft with { Id = FirstTypeId + _types.Count, Status = "draft", CreatedAt = now, UpdatedAt = now };
            _types.Add(created);
            return created;
        }
    }

    public CustomActivityType? TryAddAttributes(string apiName, IReadOnlyList<CustomActivityAttribute> attributes, DateTimeOffset now, out string? error)
    {
        return Change(apiName, t =>
        {
            if (t.Attributes.Count + attributes.Count > MaxAttributes)
            {
                return (null, $"Max number of attributes ({MaxAttributes}) exceeded");
            }
            return (t with { Attributes = [.. t.Attributes, .. attributes], UpdatedAt = now }, null);
        }, out error);
    }

    public CustomActivityType? TryApprove(string apiName, DateTimeOffset now, out string? error)
    {
        return Change(apiName, t => (t with { Status = "approved", UpdatedAt = now }, null), out error);
    }

    public CustomActivityType? FindApproved(int typeId)
    {
        lock (_lock)
        {
            return _types.FirstOrDefault(t => t.Id == typeId && t.Status == "approved");
        }
    }

    /// <summary>Keeps a written activity (its id comes from the activity feed, where it is also listed).</summary>
    internal RecordedActivity Record(RecordedActivity activity)
    {
        lock (_lock)
        {
            _recorded.Add(activity);
            return activity;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _types.Clear();
            _recorded.Clear();
        }
    }

    private CustomActivityType? Change(string apiName, Func<CustomActivityType, (CustomActivityType? Next, string? Error)> change, out string? error)
    {
        lock (_lock)
        {
            int index = _types.FindIndex(t => string.Equals(t.ApiName, apiName, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                error = $"Activity type '{apiName}' not found";
                return null;
            }
            (CustomActivityType? next, error) = change(_types[index]);
            if (next is not null)
            {
                _types[index] = next;
            }
            return next;
        }
    }
}
