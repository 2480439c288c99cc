namespace SalesInsightActions.Web.Users.CsvInvites;

/// <summary>The fields an invite row can carry. Only Email is required.</summary>
public enum CsvInviteField
{
    Email,
    FirstName,
    LastName,
    Team,
    Role,
}
