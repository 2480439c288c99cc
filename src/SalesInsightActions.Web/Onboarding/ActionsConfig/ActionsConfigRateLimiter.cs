using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Onboarding.ActionsConfig;

/// <summary>
/// Limits credential checks per client address and per Munchkin ID, so the form cannot be used to guess a
/// client secret (from one address or spread over many). In memory, per app instance.
/// </summary>
public sealed class ActionsConfigRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byAddress;
    private readonly PartitionedRateLimiter<string> _byMunchkin;

    public ActionsConfigRateLimiter(IOptions<ActionsConfigOptions> options)
    {
        var o = options.Value;
        _byAddress = Create(o.ChecksPerAddress, o.CheckWindow);
        _byMunchkin = Create(o.ChecksPerMunchkinId, o.CheckWindow);
    }

    /// <summary>Takes one check from both budgets; null when allowed, else how long until the next check is allowed.</summary>
    public TimeSpan? TryAcquire(string clientAddress, string munchkinId)
    {
        using var address = _byAddress.AttemptAcquire(clientAddress);
        if (!address.IsAcquired)
        {
            return RetryAfter(address);
        }

        using var munchkin = _byMunchkin.AttemptAcquire(munchkinId.ToUpperInvariant());
        return munchkin.IsAcquired ? null : RetryAfter(munchkin);
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _byMunchkin.Dispose();
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
