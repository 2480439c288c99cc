using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>A person as read from Marketo, ready for the store (search keys and content hash computed once).</summary>
public sealed record PersonRecord(
    long MarketoId,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Company,
    string? Title,
    string? Phone,
    string? LinkedInUrl,
    string? Source,
    string? SalesforceContactId,
    string? SalesforceLeadId,
    string? SalesforceAccountId,
    string? SalesforceOpportunityId,
    string? SalesforceOwnerId,
    string? SalesforceOwnerType,
    DateTime? MarketoCreatedAt,
    DateTime? MarketoUpdatedAt)
{
    public long ContentHash => _hash ??= ComputeHash();
    private long? _hash;

    public string SearchName => Lower($"{FirstName} {LastName}".Trim());
    public string SearchLastName => Lower(LastName);
    public string SearchEmail => Lower(Email);
    public string SearchCompany => Lower(Company);

    /// <summary>The synced values in a fixed order (the 13 fields and the owner), for hashing and test checksums.</summary>
    public IEnumerable<string?> SyncedValues() =>
    [
        FirstName, LastName, SalesforceContactId, SalesforceLeadId, SalesforceAccountId, SalesforceOpportunityId,
        MarketoId.ToString(CultureInfo.InvariantCulture), Company, Title, Email, Phone, LinkedInUrl, Source,
        SalesforceOwnerId, SalesforceOwnerType,
    ];

    /// <summary>Why the store would refuse this person (too long for a column), or null.</summary>
    public string? Rejection()
    {
        foreach (var (name, value, max) in new (string, string?, int)[]
        {
            ("firstName", FirstName, PersonConfiguration.TextLength), ("lastName", LastName, PersonConfiguration.TextLength),
            ("email", Email, PersonConfiguration.TextLength), ("company", Company, PersonConfiguration.TextLength),
            ("title", Title, PersonConfiguration.TextLength), ("phone", Phone, PersonConfiguration.TextLength),
            ("linkedInProfileURL", LinkedInUrl, PersonConfiguration.UrlLength), ("leadSource", Source, PersonConfiguration.TextLength),
            ("sfdcContactId", SalesforceContactId, PersonConfiguration.SalesforceIdLength), ("sfdcLeadId", SalesforceLeadId, PersonConfiguration.SalesforceIdLength),
            ("sfdcAccountId", SalesforceAccountId, PersonConfiguration.SalesforceIdLength), ("sfdcOpptyId", SalesforceOpportunityId, PersonConfiguration.SalesforceIdLength),
            ("sfdcLeadOwnerId", SalesforceOwnerId, PersonConfiguration.SalesforceIdLength), ("sfdcType", SalesforceOwnerType, 16),
        })
        {
            if (value is not null && value.Length > max)
            {
                return $"{name} is {value.Length} characters long; at most {max} are kept.";
            }

            if (value is not null && value.Contains('\0', StringComparison.Ordinal))
            {
                return $"{name} contains a NUL character.";
            }
        }

        return null;
    }

    private long ComputeHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var value in SyncedValues())
        {
            // Length-prefixed (−1 for null) so ("ab", "c") and ("a", "bc") differ, and null differs from "".
            BinaryPrimitives.WriteInt32LittleEndian(length, value is null ? -1 : value.Length);
            hash.AppendData(length);
            if (value is not null)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(value));
            }
        }

        return BinaryPrimitives.ReadInt64LittleEndian(hash.GetHashAndReset());
    }

    private static string Lower(string? value)
    {
        var lower = (value ?? "").ToLowerInvariant();
        return lower.Length > PersonConfiguration.TextLength ? lower[..PersonConfiguration.TextLength] : lower;
    }
}
