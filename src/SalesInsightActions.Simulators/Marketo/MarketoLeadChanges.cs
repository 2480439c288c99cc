using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>One field write: which field and its new value as text (null clears it).</summary>
internal readonly record struct LeadFieldWrite(MarketoLeadField Field, string? Value);

/// <summary>What a merge did: the survivor and the leads merged into it.</summary>
internal sealed record MergeOutcome(long WinnerId, IReadOnlyList<long> LoserIds);

/// <summary>Body of POST /_sim/marketo/leads/random-changes: how many of each change, which fields, a seed.</summary>
internal sealed record RandomChangesRequest(int? Change, int? Create, int? Delete, int? Merge, IReadOnlyList<string>? Fields, int? Seed);

internal sealed record RandomChangesOutcome(IReadOnlyList<long> Changed, IReadOnlyList<long> Created, IReadOnlyList<long> Deleted, IReadOnlyList<MergeOutcome> Merged);

/// <summary>
/// Every change to Marketo leads (API upserts and /_sim knobs) goes through here, so each one lands
/// in the data set and in the activity feed exactly as Marketo records it: New Lead (12), Change
/// Data Value (13, one per changed field), Delete Lead (37), Merge Leads (32, on the survivor, naming
/// the losers), dated by the simulator's clock.
/// </summary>
internal sealed class MarketoLeadChanges(SeededDataSet dataSet, MarketoActivityLog log, SimulatorOptions options, TimeProvider time)
{
    public const string ApiSource = "Web service API";

    // One writer at a time keeps old values, new values and the activity order consistent.
    private readonly Lock _lock = new();

    public Person Create(IReadOnlyList<LeadFieldWrite> writes, string sourceType = ApiSource)
    {
        lock (_lock)
        {
            Person created = dataSet.Create((id, now) => Apply(SeededDataSet.NewBlankPerson(id, now), writes));
            List<LeadFieldChange> fields = [.. writes
                .Where(w => w.Value is not null)
                .Select(w => new LeadFieldChange(w.Field.Id, w.Field.Name, MarketoLeadFields.Text(w.Field.Read(created)), null))];
            log.Append(time.GetUtcNow(), (id, date) => new LoggedActivity(
                new ActivityItem(id, Guid(id), created.MarketoId, date, MarketoActivityTypes.NewLead, null, created.MarketoId, DisplayName(created),
                    [new ActivityAttribute("Source Type", sourceType)]),
                0,
                fields));
            return created;
        }
    }

    /// <summary>
    /// Writes the fields of a live lead; one Change Data Value per field whose value really changed.
    /// Null when the lead does not exist. updatedAt moves only when a field that moves it changed.
    /// </summary>
    public Person? Change(long marketoId, IReadOnlyList<LeadFieldWrite> writes, string reason = "Web service API update", string source = ApiSource)
    {
        lock (_lock)
        {
            if (dataSet.FindByMarketoId(marketoId) is not { } before)
            {
                return null;
            }
            List<(MarketoLeadField Field, string? Old, string? New)> changed = [];
            Person after = before;
            foreach (LeadFieldWrite write in writes)
            {
                string? old = MarketoLeadFields.Text(write.Field.Read(after));
                Person next = MarketoLeadFields.ControlWriter(write.Field)!(after, write.Value);
                string? now = MarketoLeadFields.Text(write.Field.Read(next));
                if (!string.Equals(old, now, StringComparison.Ordinal))
                {
                    changed.RemoveAll(c => c.Field == write.Field);
                    changed.Add((write.Field, old, now));
                }
                after = next;
            }
            if (changed.Count == 0)
            {
                return before;
            }
            bool touch = changed.Any(static c => MarketoLeadFields.MovesUpdatedAt(c.Field));
            dataSet.TryUpdate(marketoId, _ => after, out Person? updated, touch);
            DateTimeOffset at = time.GetUtcNow();
            foreach ((MarketoLeadField field, string? old, string? now) in changed)
            {
                log.Append(at, (id, date) => new LoggedActivity(
                    new ActivityItem(id, Guid(id), marketoId, date, MarketoActivityTypes.ChangeDataValue, null, field.Id, field.DisplayName,
                    [
                        new ActivityAttribute("New Value", now),
                        new ActivityAttribute("Old Value", old),
                        new ActivityAttribute("Reason", reason),
                        new ActivityAttribute("Source", source),
                    ]),
                    0,
                    [new LeadFieldChange(field.Id, field.Name, now, old)]));
            }
            return updated;
        }
    }

    public bool Delete(long marketoId)
    {
        lock (_lock)
        {
            if (dataSet.FindByMarketoId(marketoId) is not { } person || !dataSet.TryDelete(marketoId))
            {
                return false;
            }
            log.Append(time.GetUtcNow(), (id, date) => new LoggedActivity(
                new ActivityItem(id, Guid(id), marketoId, date, MarketoActivityTypes.DeleteLead, null, marketoId, DisplayName(person),
                    [new ActivityAttribute("Remove from CRM", false)]),
                0));
            return true;
        }
    }

    /// <summary>
    /// Merges losers into the winner: blank winner fields take the first loser's value, losers are
    /// deleted. Null with an error when a lead is missing or named twice.
    /// </summary>
    public MergeOutcome? Merge(long winnerId, IReadOnlyList<long> loserIds, bool mergeInCrm, out string? error)
    {
        lock (_lock)
        {
            List<long> missing = [.. loserIds.Prepend(winnerId).Where(id => dataSet.FindByMarketoId(id) is null)];
            error = loserIds.Count == 0 ? "at least one loser is required"
                : loserIds.Contains(winnerId) || loserIds.Distinct().Count() != loserIds.Count ? "a lead may appear only once in a merge"
                : missing.Count > 0 ? $"Lead '{missing[0]}' not found"
                : null;
            if (error is not null)
            {
                return null;
            }
            Person winner = dataSet.FindByMarketoId(winnerId)!;
            List<Person> losers = [.. loserIds.Select(id => dataSet.FindByMarketoId(id)!)];
            Person merged = winner;
            foreach (MarketoLeadField field in MarketoLeadFields.All.Where(static f => f.Write is not null))
            {
                if (MarketoLeadFields.Text(field.Read(merged)) is null or "" && losers
                    .Select(l => MarketoLeadFields.Text(field.Read(l)))
                    .FirstOrDefault(static v => !string.IsNullOrEmpty(v)) is { } value)
                {
                    merged = field.Write!(merged, value);
                }
            }
            bool masterUpdated = merged != winner;
            if (masterUpdated)
            {
                dataSet.TryUpdate(winnerId, _ => merged, out _);
            }
            foreach (long loserId in loserIds)
            {
                dataSet.TryUpdate(loserId, p => p with { IsDeleted = true, MergedIntoId = winnerId }, out _);
            }
            DateTimeOffset at = time.GetUtcNow();
            log.Append(at, (id, date) => new LoggedActivity(
                new ActivityItem(id, Guid(id), winnerId, date, MarketoActivityTypes.MergeLeads, null, winnerId, DisplayName(merged),
                [
                    new ActivityAttribute("Merge IDs", loserIds.ToArray()),
                    new ActivityAttribute("Merge Source", ApiSource),
                    new ActivityAttribute("Merged in Sales", mergeInCrm),
                    new ActivityAttribute("Master Updated", masterUpdated),
                ]),
                0));
            if (options.Marketo.MergedLeadsInDeletedLeads)
            {
                foreach (Person loser in losers)
                {
                    log.Append(at, (id, date) => new LoggedActivity(
                        new ActivityItem(id, Guid(id), loser.MarketoId, date, MarketoActivityTypes.DeleteLead, null, loser.MarketoId, DisplayName(loser),
                            [new ActivityAttribute("Remove from CRM", false)]),
                        0,
                        DeletedFeedOnly: true));
                }
            }
            return new MergeOutcome(winnerId, [.. loserIds]);
        }
    }

    /// <summary>Random changes for benchmarks and soak tests: distinct live leads, each change logged as above.</summary>
    public RandomChangesOutcome ApplyRandom(RandomChangesRequest request, out string? error)
    {
        error = null;
        List<MarketoLeadField> fields = [];
        foreach (string name in request.Fields is { Count: > 0 } requested ? requested : ["title"])
        {
            if (MarketoLeadFields.Find(name) is not { } field || MarketoLeadFields.ControlWriter(field) is null || field.Name is "sfdcType")
            {
                error = $"Field '{name}' cannot be changed at random";
                return new RandomChangesOutcome([], [], [], []);
            }
            fields.Add(field);
        }
        Random random = request.Seed is { } seed ? new Random(seed) : Random.Shared;
        HashSet<long> used = [];
        long PickLive()
        {
            for (int attempt = 0; attempt < 1000; attempt++)
            {
                long id = random.NextInt64(1, dataSet.MaxMarketoId + 1);
                if (!used.Contains(id) && dataSet.FindByMarketoId(id) is not null)
                {
                    used.Add(id);
                    return id;
                }
            }
            return 0;
        }
        IReadOnlyList<SeededSalesforceUser> owners = dataSet.SalesforceUsers.Count > 2 ? [.. dataSet.SalesforceUsers.Skip(2)] : dataSet.SalesforceUsers;
        string ValueFor(MarketoLeadField field, long leadId) => field.Name switch
        {
            "sfdcLeadOwnerId" => owners[random.Next(owners.Count)].Id,
            "email" => $"changed.{leadId}.{random.Next(1_000_000)}@sim-changes.example",
            "unsubscribed" => random.Next(2) == 0 ? "true" : "false",
            _ => $"{field.DisplayName} {random.Next(1_000_000)}",
        };

        List<long> changed = [];
        for (int i = 0; i < Math.Max(0, request.Change ?? 0) && PickLive() is var id and not 0; i++)
        {
            Change(id, [.. fields.Select(f => new LeadFieldWrite(f, ValueFor(f, id)))], "Random change (simulator)");
            changed.Add(id);
        }
        List<long> created = [];
        for (int i = 0; i < Math.Max(0, request.Create ?? 0); i++)
        {
            long next = dataSet.MaxMarketoId + 1;
            created.Add(Create(
            [
                new LeadFieldWrite(MarketoLeadFields.Find("firstName")!, "New"),
                new LeadFieldWrite(MarketoLeadFields.Find("lastName")!, $"Lead {next}"),
                new LeadFieldWrite(MarketoLeadFields.Find("email")!, $"new.lead.{next}.{random.Next(1_000_000)}@sim-changes.example"),
            ]).MarketoId);
        }
        List<long> deleted = [];
        for (int i = 0; i < Math.Max(0, request.Delete ?? 0) && PickLive() is var id and not 0; i++)
        {
            if (Delete(id))
            {
                deleted.Add(id);
            }
        }
        List<MergeOutcome> merged = [];
        for (int i = 0; i < Math.Max(0, request.Merge ?? 0); i++)
        {
            long winner = PickLive();
            long loser = PickLive();
            if (winner == 0 || loser == 0)
            {
                break;
            }
            if (Merge(winner, [loser], mergeInCrm: false, out _) is { } outcome)
            {
                merged.Add(outcome);
            }
        }
        return new RandomChangesOutcome(changed, created, deleted, merged);
    }

    private static Person Apply(Person person, IReadOnlyList<LeadFieldWrite> writes)
    {
        foreach (LeadFieldWrite write in writes)
        {
            person = MarketoLeadFields.ControlWriter(write.Field)!(person, write.Value);
        }
        return person;
    }

    private static string Guid(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string DisplayName(Person person) =>
        string.Join(' ', new[] { person.FirstName, person.LastName }.Where(static n => !string.IsNullOrEmpty(n))) is { Length: > 0 } name
            ? name
            : person.Email ?? person.MarketoId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
