using System.ComponentModel.DataAnnotations;

namespace SalesInsightActions.Web.Users.Invitations;

public sealed class InvitationOptions
{
    public const string Section = "Invitations";

    /// <summary>How long an invitation link works.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "90.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);
}
