namespace SalesInsightActions.Web.Data;

/// <summary>Raised when a write would touch a row of another Sales account, or no account is in scope.</summary>
public sealed class AccountIsolationException(string message) : InvalidOperationException(message);
