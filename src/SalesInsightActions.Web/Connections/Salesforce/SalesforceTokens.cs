namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>What a Salesforce connection needs to call the API and to refresh itself.</summary>
/// <param name="AuthorizationHost">Host that issued the tokens (login, test or My Domain); refreshes and revocations go there.</param>
/// <param name="IdUrl">The identity URL (<c>…/id/{orgId}/{userId}</c>).</param>
public sealed record SalesforceTokens(
    string AccessToken,
    string? RefreshToken,
    Uri InstanceUrl,
    Uri IdUrl,
    DateTimeOffset IssuedAt,
    string? Scope,
    Uri AuthorizationHost)
{
    /// <summary>Organization id from the identity URL.</summary>
    public string? OrganizationId => Segment(^2);

    /// <summary>User id from the identity URL.</summary>
    public string? UserId => Segment(^1);

    // Tokens never reach logs through ToString.
    public override string ToString() => $"SalesforceTokens {{ InstanceUrl = {InstanceUrl}, IdUrl = {IdUrl}, IssuedAt = {IssuedAt:O} }}";

    private string? Segment(Index index)
    {
        var segments = IdUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 3 ? segments[index] : null;
    }
}
