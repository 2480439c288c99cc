using System.Collections.Concurrent;

namespace SalesInsightActions.Simulators.Faults;

/// <summary>What the fault injector decided for one call.</summary>
public readonly record struct FaultDecision(int? HttpStatus, string? MarketoErrorCode)
{
    public static readonly FaultDecision None = new(null, null);
    public bool IsNone => HttpStatus is null && MarketoErrorCode is null;
}

/// <summary>
/// Live fault knobs shared by all simulators. Rates come from a seeded random; scripted faults
/// (queued codes/statuses) fire on the very next calls so tests can be exact.
/// </summary>
public sealed class FaultInjector
{
    private readonly FaultOptions _initial;
    private readonly Lock _lock = new();
    private readonly ConcurrentQueue<string> _scriptedMarketoErrors = new();
    private readonly ConcurrentQueue<int> _scriptedHttpStatuses = new();
    private FaultOptions _current;
    private int _lostWriteAnswers;
    private int _lostMarketoWriteAnswers;
    private int _lostSalesforceWriteAnswers;
    private long _injected;
    private Random _random;

    public FaultInjector(SimulatorOptions options)
    {
        _initial = Copy(options.Faults);
        _current = Copy(_initial);
        _random = new Random(_current.RandomSeed);
    }

    /// <summary>Faults injected so far (HTTP statuses, Marketo error codes, lost answers): lets a test prove its faults happened.</summary>
    public long Injected => Interlocked.Read(ref _injected);

    /// <summary>A copy of the live knobs.</summary>
    public FaultOptions Current
    {
        get
        {
            lock (_lock)
            {
                return Copy(_current);
            }
        }
    }

    public void Apply(FaultOptions options)
    {
        lock (_lock)
        {
            _current = Copy(options);
            _random = new Random(options.RandomSeed);
        }
    }

    /// <summary>The next Marketo REST calls answer these error codes, one call each, in order.</summary>
    public void ScriptMarketoErrors(IEnumerable<string> codes)
    {
        foreach (string code in codes)
        {
            _scriptedMarketoErrors.Enqueue(code);
        }
    }

    /// <summary>The next vendor calls answer these HTTP statuses, one call each, in order.</summary>
    public void ScriptHttpStatuses(IEnumerable<int> statuses)
    {
        foreach (int status in statuses)
        {
            _scriptedHttpStatuses.Enqueue(status);
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> writes (Marketo add custom activities, Salesforce Task creates and upserts) are
    /// applied, and then their answer is lost: the connection drops without a response, as when the caller's timeout
    /// fires after the vendor did the work. The caller cannot tell whether the write happened.
    /// </summary>
    public void ScriptApplyThenTimeOut(int count)
    {
        Interlocked.Add(ref _lostWriteAnswers, Math.Max(0, count));
    }

    /// <summary>
    /// As <see cref="ScriptApplyThenTimeOut(int)"/>, for one vendor's writes only: a caller writing to both vendors at once
    /// cannot say which vendor's write comes next.
    /// </summary>
    public void ScriptApplyThenTimeOut(int marketoWrites, int salesforceWrites)
    {
        Interlocked.Add(ref _lostMarketoWriteAnswers, Math.Max(0, marketoWrites));
        Interlocked.Add(ref _lostSalesforceWriteAnswers, Math.Max(0, salesforceWrites));
    }

    /// <summary>True when this write's answer must be lost (it has been applied already).</summary>
    public bool NextWriteLosesAnswer(bool salesforce = false)
    {
        bool scripted = salesforce ? TakeOne(ref _lostSalesforceWriteAnswers) : TakeOne(ref _lostMarketoWriteAnswers);
        if (scripted || TakeOne(ref _lostWriteAnswers))
        {
            return Count(true);
        }

        lock (_lock)
        {
            return Count(_current.LostWriteAnswerRate > 0 && _random.NextDouble() < _current.LostWriteAnswerRate);
        }
    }

    private static bool TakeOne(ref int counter)
    {
        while (true)
        {
            int left = Volatile.Read(ref counter);
            if (left <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref counter, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _lostWriteAnswers, 0);
        Interlocked.Exchange(ref _lostMarketoWriteAnswers, 0);
        Interlocked.Exchange(ref _lostSalesforceWriteAnswers, 0);
        _scriptedMarketoErrors.Clear();
        _scriptedHttpStatuses.Clear();
        Apply(_initial);
    }

    public TimeSpan ResponseDelay
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromMilliseconds(Math.Max(0, _current.ResponseDelayMilliseconds));
            }
        }
    }

    /// <summary>HTTP-level fault for any vendor call (Salesforce, Entra, Marketo).</summary>
    public int? NextHttpFault()
    {
        if (_scriptedHttpStatuses.TryDequeue(out int scripted))
        {
            Count(true);
            return scripted;
        }
        lock (_lock)
        {
            return Count(_current.ServerErrorRate > 0 && _random.NextDouble() < _current.ServerErrorRate)
                ? _current.ServerErrorStatus
                : null;
        }
    }

    /// <summary>HTTP fault first, else a Marketo error code (HTTP 200, success:false), else none.</summary>
    public FaultDecision NextMarketoFault()
    {
        if (NextHttpFault() is { } status)
        {
            return new FaultDecision(status, null);
        }
        if (_scriptedMarketoErrors.TryDequeue(out string? code))
        {
            Count(true);
            return new FaultDecision(null, code);
        }
        lock (_lock)
        {
            if (!Count(_current.MarketoErrorRate > 0 && _random.NextDouble() < _current.MarketoErrorRate))
            {
                return FaultDecision.None;
            }

            return new FaultDecision(null, _current.MarketoErrorCodes is { Length: > 0 } codes ? codes[_random.Next(codes.Length)] : _current.MarketoErrorCode);
        }
    }

    private bool Count(bool injected)
    {
        if (injected)
        {
            Interlocked.Increment(ref _injected);
        }

        return injected;
    }

    private static FaultOptions Copy(FaultOptions source)
    {
        return new FaultOptions
        {
            ServerErrorRate = source.ServerErrorRate,
            ServerErrorStatus = source.ServerErrorStatus,
            MarketoErrorRate = source.MarketoErrorRate,
            MarketoErrorCode = source.MarketoErrorCode,
            MarketoErrorCodes = [.. source.MarketoErrorCodes],
            LostWriteAnswerRate = source.LostWriteAnswerRate,
            ResponseDelayMilliseconds = source.ResponseDelayMilliseconds,
            RandomSeed = source.RandomSeed,
        };
    }
}

/// <summary>Where a simulator's write endpoint loses its answer after applying the write.</summary>
public static class LostAnswer
{
    /// <summary>
    /// When the injector says so, drops the connection instead of answering (the write is already applied) and returns
    /// true; the endpoint then returns <see cref="Microsoft.AspNetCore.Http.Results.Empty"/>.
    /// </summary>
    public static bool Drop(FaultInjector faults, Microsoft.AspNetCore.Http.HttpContext context)
    {
        bool salesforce = context.Request.Path.StartsWithSegments("/services", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.Value?.Contains("/services/data/", StringComparison.OrdinalIgnoreCase) == true;
        if (!faults.NextWriteLosesAnswer(salesforce))
        {
            return false;
        }
        context.Abort();
        return true;
    }
}
