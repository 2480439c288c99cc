using System.Net;
using System.Text.Json;

namespace SalesInsightActions.Tests.Simulators.Salesforce;

public sealed class SalesforceDescribeTests
{
    [Theory]
    [InlineData("Lead", "00Q")]
    [InlineData("Contact", "003")]
    [InlineData("Account", "001")]
    [InlineData("Opportunity", "006")]
    [InlineData("User", "005")]
    [InlineData("Task", "00T")]
    public async Task Describe_returns_fields_with_salesforce_metadata_shape(string sobject, string keyPrefix)
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        JsonElement describe = await SalesforceApi.JsonAsync(await api.GetAsync($"services/data/v62.0/sobjects/{sobject}/describe"));

        Assert.Equal(sobject, describe.GetProperty("name").GetString());
        Assert.Equal(keyPrefix, describe.GetProperty("keyPrefix").GetString());
        JsonElement id = describe.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Id");
        Assert.Equal("id", id.GetProperty("type").GetString());
        foreach (JsonElement field in describe.GetProperty("fields").EnumerateArray())
        {
            foreach (string property in new[] { "name", "label", "type", "length", "nillable", "createable", "updateable", "picklistValues", "referenceTo" })
            {
                Assert.True(field.TryGetProperty(property, out _), $"{sobject}.{field.GetProperty("name")} lacks {property}");
            }
        }
    }

    [Fact]
    public async Task Task_type_picklist_has_email_call_and_reply_without_default_and_msi_custom_fields()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        JsonElement fields = (await SalesforceApi.JsonAsync(await api.GetAsync("services/data/v62.0/sobjects/Task/describe"))).GetProperty("fields");
        JsonElement Field(string name) => fields.EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);

        var typeValues = Field("Type").GetProperty("picklistValues").EnumerateArray().ToList();
        Assert.Subset(typeValues.Select(v => v.GetProperty("value").GetString()).ToHashSet(), new HashSet<string?> { "Email", "Call", "Reply" });
        Assert.DoesNotContain(typeValues, v => v.GetProperty("defaultValue").GetBoolean());
        Assert.Equal(["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"], Field("Status").GetProperty("picklistValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()!).ToArray());
        Assert.Equal(["High", "Normal", "Low"], Field("Priority").GetProperty("picklistValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()!).ToArray());
        Assert.Equal(255, Field("Subject").GetProperty("length").GetInt32());
        Assert.Equal(["Contact", "Lead"], Field("WhoId").GetProperty("referenceTo").EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Contains(fields.EnumerateArray(), f => f.GetProperty("name").GetString()!.StartsWith("mkto_si__", StringComparison.Ordinal) && f.GetProperty("custom").GetBoolean());
    }

    [Fact]
    public async Task Describe_of_unknown_object_is_404_not_found()
    {
        await using SimulatorServer server = await SimulatorServer.StartAsync();
        using SalesforceApi api = await SalesforceApi.SignInAsync(server);

        Assert.Equal("NOT_FOUND", await SalesforceApi.ErrorCodeAsync(await api.GetAsync("services/data/v62.0/sobjects/Nope/describe"), HttpStatusCode.NotFound));
    }
}
