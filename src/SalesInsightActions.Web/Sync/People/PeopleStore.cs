using SalesInsightActions.Web.Data;

namespace SalesInsightActions.Web.Sync.People;

/// <summary>
/// The people table's raw SQL, one implementation per database, chosen once at start-up. EF's account filter does not
/// cover raw SQL or COPY, so every statement here names the account itself. Runs in the caller's open transaction
/// (the DbContext's), so the batch's checkpoint commits with its rows.
/// </summary>
public interface IPeopleStore
{
    /// <summary>Inserts new people and updates those whose content hash changed; unchanged rows cost no write.</summary>
    Task<int> UpsertAsync(AppDbContext db, Guid accountId, IReadOnlyList<PersonRecord> people, DateTime now, CancellationToken ct);

    /// <summary>
    /// Inserts people the caller believes are not stored yet (the initial pass over createdAt windows the store holds none
    /// of) by the database's fastest path. When one of them is stored after all, throws <see cref="PeopleAlreadyStoredException"/>
    /// having written nothing the caller may keep: roll the transaction back and write the batch with <see cref="UpsertAsync"/>.
    /// </summary>
    Task<int> InsertNewAsync(AppDbContext db, Guid accountId, IReadOnlyList<PersonRecord> people, DateTime now, CancellationToken ct);

    /// <summary>Removes people (deleted or merged away in Marketo, or no longer owned in Salesforce).</summary>
    Task<int> DeleteAsync(AppDbContext db, Guid accountId, IReadOnlyCollection<long> marketoIds, CancellationToken ct);
}

/// <summary>A batch meant for <see cref="IPeopleStore.InsertNewAsync"/> names a person the store already holds; its transaction is aborted.</summary>
public sealed class PeopleAlreadyStoredException(string message, Exception inner) : Exception(message, inner);

/// <summary>Table and column names shared by both databases' SQL.</summary>
internal static class PeopleTable
{
    public const string Name = "people";

    /// <summary>Every column the upsert writes, in COPY / VALUES order.</summary>
    public static readonly string[] Columns =
    [
        "sales_account_id", "marketo_id", "first_name", "last_name", "email", "company", "title", "phone", "linkedin_url", "source",
        "sfdc_contact_id", "sfdc_lead_id", "sfdc_account_id", "sfdc_opportunity_id", "sfdc_owner_id", "sfdc_owner_type",
        "marketo_created_at", "marketo_updated_at", "content_hash", "first_synced_at", "changed_at",
        "search_name", "search_last_name", "search_email", "search_company",
    ];

    /// <summary>Columns an update replaces: all but the key and first_synced_at.</summary>
    public static IEnumerable<string> UpdatedColumns => Columns.Where(c => c is not ("sales_account_id" or "marketo_id" or "first_synced_at"));

    public static object?[] Values(Guid accountId, PersonRecord p, DateTime now) =>
    [
        accountId, p.MarketoId, p.FirstName, p.LastName, p.Email, p.Company, p.Title, p.Phone, p.LinkedInUrl, p.Source,
        p.SalesforceContactId, p.SalesforceLeadId, p.SalesforceAccountId, p.SalesforceOpportunityId, p.SalesforceOwnerId, p.SalesforceOwnerType,
        p.MarketoCreatedAt, p.MarketoUpdatedAt, p.ContentHash, now, now,
        p.SearchName, p.SearchLastName, p.SearchEmail, p.SearchCompany,
    ];

    /// <summary>One row per Marketo id (the last wins): ON CONFLICT cannot touch a row twice in one statement.</summary>
    public static IReadOnlyList<PersonRecord> Distinct(IReadOnlyList<PersonRecord> people)
    {
        var byId = new Dictionary<long, PersonRecord>(people.Count);
        foreach (var person in people)
        {
            byId[person.MarketoId] = person;
        }

        return byId.Count == people.Count ? people : [.. byId.Values];
    }
}
