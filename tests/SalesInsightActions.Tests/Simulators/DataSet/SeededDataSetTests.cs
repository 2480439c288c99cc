using SalesInsightActions.Simulators.DataSet;

namespace SalesInsightActions.Tests.Simulators.DataSet;

public sealed class SeededDataSetTests
{
    private static SeededDataSet Create(int people = 1_500_000, int seed = 11) =>
        new(new DataSetOptions { PersonCount = people, Seed = seed }, TimeProvider.System);

    [Fact]
    public void Salesforce_18_char_suffix_matches_the_documented_case_checksum()
    {
        // Salesforce's own example pair: 001A0000006Vm9r -> 001A0000006Vm9rIAC.
        Assert.Equal("001A0000006Vm9rIAC", SalesforceIds.To18("001A0000006Vm9r"));
    }

    [Fact]
    public void Salesforce_ids_round_trip_their_number_and_reject_other_prefixes_and_bad_checksums()
    {
        string id = SalesforceIds.Create(SalesforceIds.ContactPrefix, 1_499_999);

        Assert.Equal(18, id.Length);
        Assert.True(SalesforceIds.TryParse(id, SalesforceIds.ContactPrefix, out long number));
        Assert.Equal(1_499_999, number);
        Assert.True(SalesforceIds.TryParse(id[..15], SalesforceIds.ContactPrefix, out _));
        Assert.False(SalesforceIds.TryParse(id, SalesforceIds.LeadPrefix, out _));
        Assert.False(SalesforceIds.TryParse(id[..15] + "ZZZ", SalesforceIds.ContactPrefix, out _));
    }

    [Fact]
    public void Same_seed_and_index_give_the_same_person_and_another_seed_changes_it()
    {
        Person a = Create().FindByMarketoId(123_456)!;
        Person b = Create().FindByMarketoId(123_456)!;
        Person other = Create(seed: 12).FindByMarketoId(123_456)!;

        Assert.Equal(a with { ExtraFields = b.ExtraFields }, b);
        Assert.NotEqual(a.Email, other.Email);
    }

    [Fact]
    public void Salesforce_ids_of_a_person_lead_back_to_the_same_person_and_account()
    {
        SeededDataSet dataSet = Create();
        Person contact = dataSet.EnumeratePeople(1_000_001).First(p => p.SalesforceKind == SalesforceRecordKind.Contact);
        Person lead = dataSet.EnumeratePeople(1_000_001).First(p => p.SalesforceKind == SalesforceRecordKind.Lead);

        Assert.Equal(contact.MarketoId, dataSet.FindBySalesforceContactId(contact.SalesforceContactId!)!.MarketoId);
        Assert.Equal(lead.MarketoId, dataSet.FindBySalesforceLeadId(lead.SalesforceLeadId!)!.MarketoId);
        Assert.Null(dataSet.FindBySalesforceLeadId(contact.SalesforceContactId!));
        SeededAccount account = dataSet.FindAccount(contact.SalesforceAccountId!)!;
        Assert.Equal(contact.Company, account.Name);
        Assert.Contains(dataSet.ContactsOfAccount(account.Id), p => p.MarketoId == contact.MarketoId);
        Assert.All(dataSet.ContactsOfAccount(account.Id), p => Assert.Equal(account.Id, p.SalesforceAccountId));
        Assert.Contains(dataSet.SalesforceUsers, u => u.Id == contact.SalesforceOwnerId);
    }

    [Fact]
    public void Opportunity_ids_on_contacts_resolve_to_opportunities_of_their_account()
    {
        SeededDataSet dataSet = Create(people: 3_000);
        Person contact = dataSet.EnumeratePeople().First(p => p.SalesforceOpportunityId is not null);

        SeededOpportunity opportunity = dataSet.FindOpportunity(contact.SalesforceOpportunityId!)!;

        Assert.Equal(contact.SalesforceAccountId, opportunity.AccountId);
    }

    [Fact]
    public void Changed_email_is_found_under_the_new_address_only_and_deleted_people_disappear()
    {
        SeededDataSet dataSet = Create(people: 1_000);
        Person original = dataSet.FindByMarketoId(42)!;

        dataSet.TryUpdate(42, p => p with { Email = "moved@elsewhere.example" }, out _);
        dataSet.TryDelete(43);

        Assert.Empty(dataSet.FindByEmail(original.Email!));
        Assert.Equal(42, Assert.Single(dataSet.FindByEmail("MOVED@elsewhere.example")).MarketoId);
        Assert.Null(dataSet.FindByMarketoId(43));
        Assert.DoesNotContain(dataSet.EnumeratePeople(40).Take(5), p => p.MarketoId == 43);
        dataSet.Reset();
        Assert.Equal(original, dataSet.FindByMarketoId(42));
    }

    [Fact]
    public void Timestamp_window_returns_exactly_the_people_updated_inside_it()
    {
        SeededDataSet dataSet = Create(people: 5_000);
        DateTimeOffset start = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
        DateTimeOffset end = start.AddMinutes(90);

        List<Person> window = [.. dataSet.EnumerateByTimestamp(byUpdatedAt: true, start, end)];
        List<Person> scanned = [.. dataSet.EnumeratePeople().Where(p => p.UpdatedAt >= start && p.UpdatedAt < end)];

        Assert.Equal(scanned.Select(p => p.MarketoId), window.Select(p => p.MarketoId));
        Assert.Equal(90 * 7, window.Count);
    }
}
