using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Simulators.Marketo;

/// <summary>/rest/v1/leads.json (query by filter, upsert) and the two describe endpoints.</summary>
internal static class MarketoLeadEndpoints
{
    private const int MaxFilterValues = 300;
    private const int MaxBatchSize = 300;
    private const int MaxMatches = 1000;

    public static void MapMarketoLeads(this RouteGroupBuilder rest)
    {
        rest.MapGet("/rest/v1/leads/describe.json", Describe);
        rest.MapGet("/rest/v1/leads/describe2.json", Describe2);
        rest.MapGet("/rest/v1/leads.json", QueryAsync);
        rest.MapPost("/rest/v1/leads.json", PostAsync);
    }

    private static IResult Describe()
    {
        List<object> fields = [.. MarketoLeadFields.All.Select(static f => (object)new DescribeField(
            f.Id, f.DisplayName, f.DataType, f.Length, new ApiName(f.Name, !f.Updateable), new ApiName(f.SoapName, !f.Updateable)))];
        return MarketoResults.Success(fields);
    }

    private static IResult Describe2()
    {
        Describe2Result result = new(
            "API Lead",
            [.. MarketoLeadFields.SearchableFields.Select(static f => (IReadOnlyList<string>)[f])],
            [.. MarketoLeadFields.All.Select(static f => new Describe2Field(f.Name, f.DisplayName, f.DataType, f.Length, f.Updateable, f.CrmManaged))]);
        return MarketoResults.Success([result]);
    }

    private static async Task<IResult> PostAsync(HttpRequest request, SeededDataSet dataSet, MarketoLeadChanges changes)
    {
        return await MarketoRequestParameters.IsGetTunnelledThroughPostAsync(request)
            ? await QueryAsync(request, dataSet)
            : await UpsertAsync(request, dataSet, changes);
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, SeededDataSet dataSet)
    {
        MarketoRequestParameters parameters = await MarketoRequestParameters.ReadAsync(request);
        string? filterType = parameters["filterType"];
        IReadOnlyList<string> values = parameters.List("filterValues");
        if (filterType is null || values.Count == 0)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "filterType and filterValues are required");
        }
        if (!MarketoLeadFields.SearchableFields.Contains(filterType, StringComparer.OrdinalIgnoreCase))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Invalid filterType '{filterType}'");
        }
        if (values.Count > MaxFilterValues)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Too many filterValues, max {MaxFilterValues}");
        }
        int batchSize = MaxBatchSize;
        if (parameters["batchSize"] is { } rawBatch && (!int.TryParse(rawBatch, out batchSize) || batchSize < 1 || batchSize > MaxBatchSize))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Invalid batchSize '{rawBatch}', max {MaxBatchSize}");
        }
        List<MarketoLeadField> fields = [];
        foreach (string name in parameters.List("fields") is { Count: > 0 } requested ? requested : MarketoLeadFields.DefaultFields)
        {
            if (MarketoLeadFields.Find(name) is not { } field)
            {
                return MarketoResults.Error(MarketoErrorCodes.FieldNotFound, $"Field '{name}' not found");
            }
            if (field.Name != "id")
            {
                fields.Add(field);
            }
        }
        long offset = 0;
        if (parameters["nextPageToken"] is { } token && !MarketoPageToken.TryRead(token, "leads", out offset))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, "Invalid nextPageToken");
        }

        List<Person> matches = FindMatches(dataSet, filterType, values, MaxMatches + 1);
        if (matches.Count > MaxMatches)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Filter matches more than {MaxMatches} records");
        }
        List<object> page = [.. matches.Skip((int)offset).Take(batchSize).Select(p => (object)MarketoLeadFields.Project(p, fields))];
        long nextOffset = offset + page.Count;
        return MarketoResults.Success(
            page,
            nextOffset < matches.Count ? MarketoPageToken.Create("leads", nextOffset) : null,
            moreResult: null,
            warnings: []);
    }

    private static List<Person> FindMatches(SeededDataSet dataSet, string filterType, IReadOnlyList<string> values, int cap)
    {
        List<Person> matches = [];
        HashSet<long> seen = [];
        void Add(Person? person)
        {
            if (person is not null && matches.Count < cap && seen.Add(person.MarketoId))
            {
                matches.Add(person);
            }
        }
        foreach (string value in values)
        {
            switch (filterType.ToLowerInvariant())
            {
                case "id":
                    Add(long.TryParse(value, out long id) ? dataSet.FindByMarketoId(id) : null);
                    break;
                case "email":
                    dataSet.FindByEmail(value).ToList().ForEach(Add);
                    break;
                case "sfdcleadid":
                    Add(dataSet.FindBySalesforceLeadId(value));
                    break;
                case "sfdccontactid":
                    Add(dataSet.FindBySalesforceContactId(value));
                    break;
                case "sfdcaccountid":
                    dataSet.ContactsOfAccount(value).ToList().ForEach(Add);
                    break;
                case "sfdcleadownerid":
                    // Only generated owner users (never the admin, index 0) own records; skip the scan otherwise.
                    if (!dataSet.SalesforceUsers.Skip(1).Any(u => string.Equals(u.Id[..15], value.Length >= 15 ? value[..15] : value, StringComparison.Ordinal)))
                    {
                        break;
                    }
                    // Owners have many records: stop as soon as the cap proves "too many".
                    foreach (Person person in dataSet.EnumeratePeople())
                    {
                        if (matches.Count >= cap)
                        {
                            break;
                        }
                        if (person.SalesforceOwnerId is { } owner && owner.AsSpan(0, 15).SequenceEqual(value.AsSpan(0, Math.Min(15, value.Length))))
                        {
                            Add(person);
                        }
                    }
                    break;
            }
        }
        return matches;
    }

    private static async Task<IResult> UpsertAsync(HttpRequest request, SeededDataSet dataSet, MarketoLeadChanges changes)
    {
        JsonBody<UpsertRequest> read = await JsonBodyReader.ReadAsync<UpsertRequest>(request, SimulatorJson.Options);
        if (read.Error is not null)
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidJson);
        }
        if (MarketoResults.BatchInputError(read.Value?.Input) is { } invalid)
        {
            return invalid;
        }
        UpsertRequest body = read.Value!;
        List<Dictionary<string, JsonElement>> input = body.Input!;
        string action = body.Action ?? "createOrUpdate";
        if (action is not ("createOrUpdate" or "createOnly" or "updateOnly" or "createDuplicate"))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Invalid action '{action}'");
        }
        string lookupField = body.LookupField ?? "email";
        if (!MarketoLeadFields.SearchableFields.Contains(lookupField, StringComparer.OrdinalIgnoreCase))
        {
            return MarketoResults.Error(MarketoErrorCodes.InvalidValue, $"Invalid lookupField '{lookupField}'");
        }
        List<object> results = [.. input.Select(record => (object)UpsertOne(dataSet, changes, action, lookupField, record))];
        return MarketoResults.Success(results);
    }

    private static MarketoRecordResult UpsertOne(SeededDataSet dataSet, MarketoLeadChanges changes, string action, string lookupField, Dictionary<string, JsonElement> record)
    {
        List<LeadFieldWrite> writes = [];
        foreach ((string name, JsonElement value) in record)
        {
            if (MarketoLeadFields.Find(name) is not { } field)
            {
                return Skipped(MarketoErrorCodes.FieldNotFound, $"Field '{name}' not found");
            }
            if (field.Write is not null)
            {
                writes.Add(new LeadFieldWrite(field, value.ValueKind == JsonValueKind.Null ? null : value.ToString()));
            }
        }
        List<Person> existing = [];
        if (action != "createDuplicate")
        {
            if (!record.TryGetValue(lookupField, out JsonElement key) || key.ValueKind == JsonValueKind.Null)
            {
                return Skipped(MarketoErrorCodes.InvalidValue, $"Value for lookup field '{lookupField}' is required");
            }
            existing = FindMatches(dataSet, lookupField, [key.ToString()], 2);
        }
        if (existing.Count > 1)
        {
            return Skipped(MarketoErrorCodes.MultipleLeadsMatch, "Multiple lead match lookup criteria");
        }
        if (existing.Count == 1)
        {
            if (action == "createOnly")
            {
                return Skipped(MarketoErrorCodes.LeadAlreadyExists, "Lead already exists");
            }
            Person? updated = changes.Change(existing[0].MarketoId, writes);
            return new MarketoRecordResult(updated?.MarketoId ?? existing[0].MarketoId, "updated");
        }
        if (action == "updateOnly")
        {
            return Skipped(MarketoErrorCodes.LeadNotFound, "Lead not found");
        }
        Person created = changes.Create(writes);
        return new MarketoRecordResult(created.MarketoId, "created");
    }

    private static MarketoRecordResult Skipped(string code, string message)
    {
        return new MarketoRecordResult(null, "skipped", [new MarketoError(code, message)]);
    }
}

internal sealed record UpsertRequest(string? Action, string? LookupField, string? PartitionName, List<Dictionary<string, JsonElement>>? Input);

internal sealed record ApiName(string Name, bool ReadOnly);

internal sealed record DescribeField(int Id, string DisplayName, string DataType, int? Length, ApiName Rest, ApiName Soap);

internal sealed record Describe2Field(string Name, string DisplayName, string DataType, int? Length, bool Updateable, bool CrmManaged);

internal sealed record Describe2Result(string Name, IReadOnlyList<IReadOnlyList<string>> SearchableFields, IReadOnlyList<Describe2Field> Fields);
