using System.Text.Json.Serialization;

namespace SalesInsightActions.Web.Connections.Salesforce.Wire;

/// <summary>Response of the identity URL (subset we use).</summary>
public sealed class SalesforceIdentity
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("user_id")]
    public string? UserId { get; set; }

    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; set; }

    [JsonPropertyName("username")]
    public string? Username { get; set; }

    [JsonPropertyName("display_name")]
    public string? DisplayName { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    /// <summary>False while the user has not confirmed a changed address: such an email proves nothing about who they are.</summary>
    [JsonPropertyName("email_verified")]
    public bool? EmailVerified { get; set; }

    [JsonPropertyName("first_name")]
    public string? FirstName { get; set; }

    [JsonPropertyName("last_name")]
    public string? LastName { get; set; }

    [JsonPropertyName("active")]
    public bool? Active { get; set; }

    [JsonPropertyName("user_type")]
    public string? UserType { get; set; }
}
