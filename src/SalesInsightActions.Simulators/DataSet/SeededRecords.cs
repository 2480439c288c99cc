namespace SalesInsightActions.Simulators.DataSet;

/// <summary>Which Salesforce object a person is synced with (or none: a Marketo-only lead).</summary>
public enum SalesforceRecordKind
{
    None,
    Lead,
    Contact,
}

/// <summary>
/// One person as both vendors see it: Marketo lead fields plus the ids of the matching Salesforce
/// records. <see cref="Index"/> is -1 for people created through the API (not generated).
/// </summary>
public sealed record Person
{
    public required long MarketoId { get; init; }
    public required int Index { get; init; }
    public required string? FirstName { get; init; }
    public required string? LastName { get; init; }
    public required string? Email { get; init; }
    public required string? Company { get; init; }
    public required string? Title { get; init; }
    public required string? Phone { get; init; }
    public required string? LinkedInProfileUrl { get; init; }
    public required string? LeadSource { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required SalesforceRecordKind SalesforceKind { get; init; }
    public required string? SalesforceLeadId { get; init; }
    public required string? SalesforceContactId { get; init; }
    public required string? SalesforceAccountId { get; init; }
    public required string? SalesforceOpportunityId { get; init; }
    /// <summary>Owner (Salesforce User id) of the synced Lead/Contact; null when not synced.</summary>
    public required string? SalesforceOwnerId { get; init; }
    public bool IsDeleted { get; init; }

    /// <summary>
    /// When any field last changed (the bulk extract's updatedAt filter uses it); null = <see cref="UpdatedAt"/>.
    /// Differs from <see cref="UpdatedAt"/> after edits that Marketo does not stamp (company and CRM fields).
    /// </summary>
    public DateTimeOffset? FieldsUpdatedAt { get; init; }

    /// <summary>The surviving lead when this one was merged away (then also <see cref="IsDeleted"/>).</summary>
    public long? MergedIntoId { get; init; }

    /// <summary>Extra Marketo fields written through the API (custom or standard ones we don't model).</summary>
    public IReadOnlyDictionary<string, string?> ExtraFields { get; init; } = EmptyExtras;

    private static readonly IReadOnlyDictionary<string, string?> EmptyExtras = new Dictionary<string, string?>();
}

/// <summary>A Salesforce Account; every tenth-block of people shares one.</summary>
public sealed record SeededAccount(
    string Id,
    int Index,
    string Name,
    string Website,
    string Industry,
    string OwnerId,
    string? OpportunityId,
    DateTimeOffset CreatedDate);

/// <summary>A Salesforce Opportunity (at most one per account).</summary>
public sealed record SeededOpportunity(
    string Id,
    string AccountId,
    string Name,
    string StageName,
    decimal Amount,
    DateOnly CloseDate,
    string OwnerId);

/// <summary>A Salesforce user: the seeded login users first, then generated record owners.</summary>
public sealed record SeededSalesforceUser(
    string Id,
    string Username,
    string Email,
    string FirstName,
    string LastName,
    string ProfileName,
    string Title,
    bool IsActive,
    bool ApiEnabled)
{
    public string Name => FirstName + " " + LastName;
}
