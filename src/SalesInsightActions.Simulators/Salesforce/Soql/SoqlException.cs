namespace SalesInsightActions.Simulators.Salesforce.Soql;

/// <summary>A query Salesforce would refuse, with the REST errorCode it would answer (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, …).</summary>
public sealed class SoqlException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}
