using System.Buffers;
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
        // SHA-256 of the length-prefixed values (−1 for null) so ("ab", "c") and ("a", "bc") differ and null differs from "".
        // One buffer and one-shot hashing: a million-row pass allocates no hash object or byte array per row.
        var values = SyncedValues();
        var size = 0;
        foreach (var value in values)
        {
            size += 4 + (value is null ? 0 : Encoding.UTF8.GetMaxByteCount(value.Length));
        }

        var rented = size > 1024 ? ArrayPool<byte>.Shared.Rent(size) : null;
        try
        {
            Span<byte> buffer = rented is null ? stackalloc byte[1024] : rented;
            var length = 0;
            foreach (var value in values)
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer[length..], value is null ? -1 : value.Length);
                length += 4;
                if (value is not null)
                {
                    length += Encoding.UTF8.GetBytes(value, buffer[length..]);
                }
            }

            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..length], digest);
            return BinaryPrimitives.ReadInt64LittleEndian(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string Lower(string? value)
    {
        var lower = (value ?? "").ToLowerInvariant();
        return lower.Length > PersonConfiguration.TextLength ? lower[..PersonConfiguration.TextLength] : lower;
    }
}
