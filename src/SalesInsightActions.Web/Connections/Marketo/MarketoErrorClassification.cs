namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>What the caller should do about a Marketo error.</summary>
public enum MarketoErrorClassification
{
    /// <summary>Transient: try again later (the client already retried what it could).</summary>
    Retry,

    /// <summary>The request or the setup is wrong: retrying cannot help until someone fixes it.</summary>
    Fix,

    /// <summary>A quota is used up: stop and resume after the reset.</summary>
    StopUntilReset,
}
