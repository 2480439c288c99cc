using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Infrastructure.Sandbox;

/// <summary>
/// Sandbox mode: the Marketo and Salesforce simulators are mounted in-process under <see cref="PathPrefix"/>
/// and the app creates a Sales account of its own, so a fresh clone works with no configuration.
/// </summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public bool Enabled { get; set; }

    [Required]
    [RegularExpression("^/[a-z0-9-]+$", ErrorMessage = "Sandbox:PathPrefix must look like /sandbox.")]
    public string PathPrefix { get; set; } = "/sandbox";

    [Required]
    public string AccountName { get; set; } = "Sandbox";

    /// <summary>The simulator's seeded Marketo subscription.</summary>
    [Required]
    public string MunchkinId { get; set; } = "123-ABC-456";
}
