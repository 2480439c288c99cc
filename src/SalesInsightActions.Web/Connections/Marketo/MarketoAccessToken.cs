namespace SalesInsightActions.Web.Connections.Marketo;

/// <summary>A bearer token and the instant Marketo will stop accepting it.</summary>
public sealed record MarketoAccessToken(string Value, DateTimeOffset ExpiresAt)
{
    // Tokens never reach logs through ToString.
    public override string ToString() => $"MarketoAccessToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
