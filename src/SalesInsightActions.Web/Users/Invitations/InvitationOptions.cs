using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Users.Invitations;

public sealed class InvitationOptions
{
    public const string Section = "Invitations";

    /// <summary>How long an invitation link works.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "90.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The address people reach the app at, e.g. https://sales.example.com. Links in emails use it; when
    /// unset they use the address of the admin's request (fine behind a proxy that sets the Host header).
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }
}
