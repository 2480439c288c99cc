using System.Collections.Concurrent;
using SalesInsightActions.Simulators.DataSet;
using SalesInsightActions.Simulators.Salesforce.Soql;

namespace SalesInsightActions.Simulators.Salesforce.Bulk;

/// <summary>A Bulk API 2.0 query job. Its state is derived from elapsed time: UploadComplete, then InProgress, then JobComplete.</summary>
internal sealed class BulkQueryJob
{
    public required string Id { get; init; }
    public required string Operation { get; init; }
    public required SoqlQuery Query { get; init; }
    public required string CreatedById { get; init; }
    public required DateTimeOffset CreatedDate { get; init; }
    public required string ApiVersion { get; init; }
    public string? AbortedState { get; set; }
    /// <summary>Rows the job returns, counted once when it first reports JobComplete.</summary>
    public int? NumberRecordsProcessed { get; set; }

    public bool IncludeDeleted => Operation == "queryAll";
}

internal sealed class BulkQueryJobStore(TimeProvider clock, SalesforceSimulatorOptions options)
{
    private readonly ConcurrentDictionary<string, BulkQueryJob> _jobs = new(StringComparer.Ordinal);
    private long _lastNumber;

    public BulkQueryJob Create(string operation, SoqlQuery query, string createdById, string apiVersion)
    {
        var job = new BulkQueryJob
        {
            Id = SalesforceIds.Create("750", Interlocked.Increment(ref _lastNumber)),
            Operation = operation,
            Query = query,
            CreatedById = createdById,
            CreatedDate = clock.GetUtcNow(),
            ApiVersion = apiVersion,
        };
        _jobs[job.Id] = job;
        return job;
    }

    public BulkQueryJob? Find(string id) => _jobs.GetValueOrDefault(SalesforceIds.To18(id));

    public IReadOnlyList<BulkQueryJob> All => _jobs.Values.OrderBy(j => j.Id, StringComparer.Ordinal).ToList();

    public bool Delete(string id) => _jobs.TryRemove(SalesforceIds.To18(id), out _);

    public string StateOf(BulkQueryJob job)
    {
        if (job.AbortedState is not null)
        {
            return job.AbortedState;
        }
        TimeSpan elapsed = clock.GetUtcNow() - job.CreatedDate;
        TimeSpan step = TimeSpan.FromMilliseconds(Math.Max(0, options.BulkJobStepMilliseconds));
        return elapsed < step ? "UploadComplete" : elapsed < step * 2 ? "InProgress" : "JobComplete";
    }

    public void Clear() => _jobs.Clear();
}
