namespace SalesInsightActions.Web.Email;

/// <summary>What an invitation email says: who is invited, to which Sales account, by whom, and the link to accept.</summary>
public sealed record InvitationEmailModel(
    Guid SalesAccountId,
    string ToAddress,
    string? ToName,
    string AccountName,
    string? InvitedByName,
    Uri GetStartedLink,
    DateTime ExpiresAtUtc);
