namespace SalesInsightActions.Web.Data;

/// <summary>
/// A row that belongs to one Sales account. <see cref="AppDbContext"/> filters and stamps
/// every such row, so no query has to remember the account.
/// </summary>
public interface IAccountOwned
{
    Guid SalesAccountId { get; set; }
}
