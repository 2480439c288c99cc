using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Onboarding.ActionsConfig;

/// <summary>Settings of Actions Config (step 1), section "ActionsConfig".</summary>
public sealed class ActionsConfigOptions
{
    public const string Section = "ActionsConfig";

    /// <summary>
    /// Where a Munchkin ID's REST host is. <c>{munchkinId}</c> is replaced by the ID and <c>{requestBase}</c> by this
    /// app's own base URL (used by tests to aim at an address that answers "no such subscription").
    /// </summary>
    [Required]
    public string EndpointTemplate { get; set; } = "https://{munchkinId}.mktorest.com/";

    /// <summary>Credential checks allowed per client address per window.</summary>
    [Range(1, 10_000)]
    public int ChecksPerAddress { get; set; } = 10;

    /// <summary>Credential checks allowed per Munchkin ID per window (guessing a secret from many addresses).</summary>
    [Range(1, 10_000)]
    public int ChecksPerMunchkinId { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long the whole live check (identity plus one User Management call, each tried once) may take before Marketo
    /// counts as unreachable. The person is waiting on the page for it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a browser that verified the credentials may act for the account without signing in.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan VerifiedBrowserLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
