using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Simulators.Salesforce.Schema;

/// <summary>
/// The sObjects the simulator serves (standard fields a sync uses, plus the MSI package's Task fields).
/// </summary>
public static class SalesforceSchema
{
    public static readonly SObjectType Lead = new("Lead", "Lead", "Leads", SalesforceIds.LeadPrefix,
    [
        IdField(), IsDeleted(),
        Text("FirstName", "First Name", 40), Text("LastName", "Last Name", 80) with { Nillable = false },
        Text("Name", "Full Name", 121) with { Createable = false, Updateable = false },
        Text("Title", "Title", 128), Text("Company", "Company", 255) with { Nillable = false },
        Email(), Phone(),
        Picklist("LeadSource", "Lead Source", restricted: false, null, "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"),
        Picklist("Status", "Lead Status", restricted: false, "Open - Not Contacted", "Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"),
        Owner(), Boolean("IsConverted", "Converted") with { Createable = false, Updateable = false },
        Reference("ConvertedContactId", "Converted Contact ID", null, "Contact") with { Createable = false, Updateable = false },
        Reference("ConvertedAccountId", "Converted Account ID", null, "Account") with { Createable = false, Updateable = false },
        Boolean("HasOptedOutOfEmail", "Email Opt Out"),
        .. Audit(),
    ]);

    public static readonly SObjectType Contact = new("Contact", "Contact", "Contacts", SalesforceIds.ContactPrefix,
    [
        IdField(), IsDeleted(),
        Reference("AccountId", "Account ID", "Account", "Account"),
        Text("FirstName", "First Name", 40), Text("LastName", "Last Name", 80) with { Nillable = false },
        Text("Name", "Full Name", 121) with { Createable = false, Updateable = false },
        Text("Title", "Title", 128), Email(), Phone(),
        Picklist("LeadSource", "Lead Source", restricted: false, null, "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"),
        Owner(), Boolean("HasOptedOutOfEmail", "Email Opt Out"),
        .. Audit(),
    ]);

    public static readonly SObjectType Account = new("Account", "Account", "Accounts", SalesforceIds.AccountPrefix,
    [
        IdField(), IsDeleted(),
        Text("Name", "Account Name", 255) with { Nillable = false },
        new SObjectField("Website", "Website", "url") { Length = 255 },
        Picklist("Industry", "Industry", restricted: false, null, "Banking", "Consulting", "Education", "Healthcare", "Manufacturing", "Retail", "Technology", "Other"),
        Owner(),
        .. Audit(),
    ]);

    public static readonly SObjectType Opportunity = new("Opportunity", "Opportunity", "Opportunities", SalesforceIds.OpportunityPrefix,
    [
        IdField(), IsDeleted(),
        Reference("AccountId", "Account ID", "Account", "Account"),
        Text("Name", "Name", 120) with { Nillable = false },
        Picklist("StageName", "Stage", restricted: false, null, "Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost") with { Nillable = false },
        new SObjectField("Amount", "Amount", "currency"),
        new SObjectField("CloseDate", "Close Date", "date") { Nillable = false },
        Boolean("IsClosed", "Closed") with { Createable = false, Updateable = false },
        Boolean("IsWon", "Won") with { Createable = false, Updateable = false },
        Owner(),
        .. Audit(),
    ]);

    // User has no IsDeleted column in Salesforce (users are deactivated, never deleted).
    public static readonly SObjectType User = new("User", "User", "Users", SalesforceIds.UserPrefix,
    [
        IdField(),
        Text("Username", "Username", 80) with { Nillable = false },
        Text("FirstName", "First Name", 40), Text("LastName", "Last Name", 80) with { Nillable = false },
        Text("Name", "Full Name", 121) with { Createable = false, Updateable = false },
        Email() with { Nillable = false }, Text("Title", "Title", 80),
        Boolean("IsActive", "Active"),
        Picklist("UserType", "User Type", restricted: true, null, "Standard", "PowerPartner", "CsnOnly") with { Createable = false, Updateable = false },
        Text("ProfileName", "Profile Name", 255) with { Createable = false, Updateable = false },
        Picklist("TimeZoneSidKey", "Time Zone", restricted: true, null, "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Paris"),
        Picklist("LocaleSidKey", "Locale", restricted: true, null, "en_US", "en_GB", "fr_FR", "de_DE"),
        Picklist("LanguageLocaleKey", "Language", restricted: true, null, "en_US", "fr", "de"),
        .. AuditWithoutDelete(),
    ]);

    public static readonly SObjectType Task = new("Task", "Task", "Tasks", SalesforceIds.TaskPrefix,
    [
        IdField(), IsDeleted(),
        Reference("WhoId", "Name ID", "Who", "Contact", "Lead"),
        Reference("WhatId", "Related To ID", "What", "Account", "Opportunity"),
        new SObjectField("Subject", "Subject", "combobox") { Length = 255 },
        new SObjectField("ActivityDate", "Due Date Only", "date"),
        Picklist("Status", "Status", restricted: true, "Not Started", "Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred") with { Nillable = false, DefaultedOnCreate = true },
        Picklist("Priority", "Priority", restricted: true, "Normal", "High", "Normal", "Low") with { Nillable = false, DefaultedOnCreate = true },
        // The MSI setup requires Email, Call and Reply here, with no default.
        Picklist("Type", "Type", restricted: true, null, "Call", "Email", "Reply", "Meeting", "Other"),
        new SObjectField("Description", "Description", "textarea") { Length = 32000 },
        Owner() with { DefaultedOnCreate = true },
        Boolean("IsClosed", "Closed") with { Createable = false, Updateable = false },
        Picklist("TaskSubtype", "Task Subtype", restricted: true, null, "Task", "Email", "Call") with { Updateable = false },
        new SObjectField("CallDurationInSeconds", "Call Duration", "int"),
        Text("CallDisposition", "Call Result", 255),
        // MSI package custom fields for activity attributes. The package namespace mkto_si is public;
        // these field names are our reading (the public docs do not list them).
        Custom(Text("mkto_si__Call_Outcome__c", "Call Outcome", 255)),
        Custom(Text("mkto_si__Call_Reason__c", "Call Reason", 255)),
        Custom(Text("mkto_si__Sales_Campaign__c", "Sales Campaign", 255)),
        Custom(Text("mkto_si__Email_Template__c", "Email Template", 255)),
        Custom(Picklist("mkto_si__Email_Status__c", "Email Status", restricted: true, null, "Sent", "Delivered", "Bounced")),
        Custom(Boolean("mkto_si__Viewed__c", "Viewed")),
        Custom(Boolean("mkto_si__Clicked__c", "Clicked")),
        Custom(Boolean("mkto_si__Replied__c", "Replied")),
        // The package's key for an activity written by the Sales app (External ID, unique), so a retried write upserts
        // instead of creating a second Task. Our reading too: the public docs do not list the package's fields.
        Custom(Text("mkto_si__Sales_Activity_Id__c", "Sales Activity ID", 64) with { ExternalId = true, Unique = true }),
        .. Audit(),
    ]);

    public static readonly IReadOnlyList<SObjectType> All = [Lead, Contact, Account, Opportunity, User, Task];

    public static SObjectType? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sObject type an id belongs to, by its 3-character key prefix.</summary>
    public static SObjectType? ForId(string? id) =>
        id is { Length: 15 or 18 } ? All.FirstOrDefault(t => id.StartsWith(t.KeyPrefix, StringComparison.Ordinal)) : null;

    private static SObjectField IdField() => new("Id", "Record ID", "id") { Length = 18, Nillable = false, Createable = false, Updateable = false, DefaultedOnCreate = true };

    private static SObjectField IsDeleted() => Boolean("IsDeleted", "Deleted") with { Createable = false, Updateable = false };

    private static SObjectField Text(string name, string label, int length) => new(name, label, "string") { Length = length };

    private static SObjectField Email() => new("Email", "Email", "email") { Length = 80 };

    private static SObjectField Phone() => new("Phone", "Phone", "phone") { Length = 40 };

    private static SObjectField Boolean(string name, string label) => new(name, label, "boolean") { Nillable = false, DefaultedOnCreate = true };

    private static SObjectField Owner() => Reference("OwnerId", "Owner ID", "Owner", "User") with { Nillable = false };

    private static SObjectField Custom(SObjectField field) => field with { Custom = true };

    private static SObjectField Reference(string name, string label, string? relationshipName, params string[] referenceTo) =>
        new(name, label, "reference") { Length = 18, ReferenceTo = referenceTo, RelationshipName = relationshipName };

    private static SObjectField Picklist(string name, string label, bool restricted, string? defaultValue, params string[] values) =>
        new(name, label, "picklist")
        {
            Length = 255,
            RestrictedPicklist = restricted,
            PicklistValues = values.Select(v => new PicklistEntry(v, v == defaultValue)).ToArray(),
        };

    private static IEnumerable<SObjectField> Audit() => [.. AuditWithoutDelete()];

    private static IEnumerable<SObjectField> AuditWithoutDelete() =>
    [
        Audited("CreatedDate", "Created Date", "datetime"),
        Reference("CreatedById", "Created By ID", "CreatedBy", "User") with { Createable = false, Updateable = false, Nillable = false, DefaultedOnCreate = true },
        Audited("LastModifiedDate", "Last Modified Date", "datetime"),
        Reference("LastModifiedById", "Last Modified By ID", "LastModifiedBy", "User") with { Createable = false, Updateable = false, Nillable = false, DefaultedOnCreate = true },
        Audited("SystemModstamp", "System Modstamp", "datetime"),
    ];

    private static SObjectField Audited(string name, string label, string type) =>
        new(name, label, type) { Nillable = false, Createable = false, Updateable = false, DefaultedOnCreate = true };
}
