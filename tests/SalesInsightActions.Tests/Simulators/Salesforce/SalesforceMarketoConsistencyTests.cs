using System.Text.Json;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

public sealed class SalesforceMarketoConsistencyTests
{
    [Fact]
    public async Task Salesforce_ids_marketo_reports_for_its_leads_resolve_to_the_same_people_in_soql()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using HttpClient marketo = server.CreateClient();
        JsonElement token = await SalesforceApi.JsonAsync(await marketo.GetAsync(
            "identity/oauth/token?grant_type=client_credentials&client_id=sim-marketo-client-id&client_secret=sim-marketo-client-secret"));
        marketo.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        JsonElement leads = await SalesforceApi.JsonAsync(await marketo.GetAsync(
            "rest/v1/leads.json?filterType=id&filterValues=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20&fields=id,email,sfdcLeadId,sfdcContactId,sfdcAccountId,sfdcLeadOwnerId"));
        using SalesforceApi salesforce = await SalesforceApi.SignInAsync(server);
        int checkedLeads = 0;
        int checkedContacts = 0;

        foreach (JsonElement lead in leads.GetProperty("result").EnumerateArray())
        {
            string email = lead.GetProperty("email").GetString()!;
            if (lead.TryGetProperty("sfdcLeadId", out JsonElement leadId) && leadId.ValueKind == JsonValueKind.String)
            {
                JsonElement row = Assert.Single((await SalesforceApi.JsonAsync(await salesforce.QueryAsync($"SELECT Id, Email, OwnerId FROM Lead WHERE Id = '{leadId.GetString()}'"))).GetProperty("records").EnumerateArray());
                Assert.Equal(email, row.GetProperty("Email").GetString());
                Assert.Equal(lead.GetProperty("sfdcLeadOwnerId").GetString(), row.GetProperty("OwnerId").GetString());
                checkedLeads++;
            }
            if (lead.TryGetProperty("sfdcContactId", out JsonElement contactId) && contactId.ValueKind == JsonValueKind.String)
            {
                JsonElement row = Assert.Single((await SalesforceApi.JsonAsync(await salesforce.QueryAsync($"SELECT Id, Email, AccountId FROM Contact WHERE Id = '{contactId.GetString()}'"))).GetProperty("records").EnumerateArray());
                Assert.Equal(email, row.GetProperty("Email").GetString());
                Assert.Equal(lead.GetProperty("sfdcAccountId").GetString(), row.GetProperty("AccountId").GetString());
                checkedContacts++;
            }
        }

        Assert.True(checkedLeads > 0 && checkedContacts > 0, $"leads {checkedLeads}, contacts {checkedContacts}");
    }
}
