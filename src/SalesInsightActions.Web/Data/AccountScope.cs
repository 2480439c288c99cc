namespace SalesInsightActions.Web.Data;

/// <summary>
/// The Sales account the current unit of work acts for. Scoped: one per request or per
/// background work item. Empty means "no account": owned rows are then invisible and
/// cannot be written, so forgetting to set it fails closed.
/// </summary>
public sealed class AccountScope
{
    public Guid? AccountId { get; private set; }

    public void Enter(Guid accountId)
    {
        if (accountId == Guid.Empty)
        {
            throw new ArgumentException("An account id is required.", nameof(accountId));
        }

        if (AccountId is { } current && current != accountId)
        {
            throw new InvalidOperationException("This scope already acts for another Sales account; create a new scope per account.");
        }

        AccountId = accountId;
    }
}
