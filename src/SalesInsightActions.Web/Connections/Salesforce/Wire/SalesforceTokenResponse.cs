using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Salesforce.Wire;

/// <summary>
/// <c>POST /services/oauth2/token</c>: <c>{access_token, refresh_token, signature, scope, instance_url, id, token_type, issued_at}</c>.
/// No expires_in: the session lives for the org's timeout. issued_at is epoch milliseconds as a string.
/// </summary>
internal sealed class SalesforceTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; set; }

    [JsonPropertyName("signature")]
    public string? Signature { get; set; }

    [JsonPropertyName("scope")]
    public string? Scope { get; set; }

    [JsonPropertyName("instance_url")]
    public string? InstanceUrl { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [JsonPropertyName("issued_at")]
    public string? IssuedAt { get; set; }
}

/// <summary>OAuth error body: <c>{error, error_description}</c>.</summary>
internal sealed class SalesforceOAuthErrorResponse
{
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }
}
