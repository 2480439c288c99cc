using System.Net;
using System.Text.Json;
using SalesInsightActions.Tests.Connections;
using SalesInsightActions.Web.Sync.Activities;
using MarketoTestClient = SalesInsightActions.Tests.Simulators.Marketo.MarketoTestClient;

namespace SalesInsightActions.Tests.Sync.Activities;

/// <summary>Log a call → stored → written to Marketo (custom activity) and Salesforce (Task), end to end over real HTTP.</summary>
public sealed class ActivityWriteBackTests : IAsyncLifetime
{
    private ActivityWorld _world = null!;

    public async Task InitializeAsync() => _world = await ActivityWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_logged_call_reaches_Marketo_as_a_Sales_Call_Received_activity_and_Salesforce_as_a_Task()
    {
        var person = await _world.PersonAsync();
        var logged = await _world.LogCallAsync(person.MarketoId, "Connected", reason: "Pricing\r\nquestion", duration: "12", notes: "Wants a quote.\nCall back Monday.");
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        Assert.Equal($"/people/{person.MarketoId}", logged.Headers.Location!.OriginalString);

        var stored = Assert.Single(await _world.ActivitiesAsync());
        Assert.Equal(SalesActivityKind.SalesCallReceived, stored.Kind);
        Assert.All(stored.Writes, w => Assert.Equal(ActivityWriteState.Pending, w.State));
        Assert.Contains("data-state=\"Pending\"", await _world.Rep.GetStringAsync($"/people/{person.MarketoId}"));

        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal(1, marketo.Written);
        Assert.Equal(1, salesforce.Written);

        // Marketo: readable through Get Lead Activities under the Sales Call Received type, with its attributes.
        var activity = Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.SalesCallReceived));
        Assert.Equal("Connected", activity.GetProperty("primaryAttributeValue").GetString());
        Assert.Equal(stored.Id.ToString("N"), MarketoTestClient.Attribute(activity, "Sales App Activity ID"));
        Assert.Equal("Sales App", MarketoTestClient.Attribute(activity, "Source"));
        Assert.Equal(ActivityWorld.RepEmail, MarketoTestClient.Attribute(activity, "Sent By"));
        Assert.Equal("720", MarketoTestClient.Attribute(activity, "Call Duration"));

        // Salesforce: one Task, readable by a query, with the subject from the template (no line breaks), Type Call.
        var task = Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{stored.Id:N}'"));
        Assert.Equal("Call: Connected – Pricing question", task.GetProperty("Subject").GetString());
        Assert.Equal("Call", task.GetProperty("Type").GetString());
        Assert.Equal("Completed", task.GetProperty("Status").GetString());
        Assert.Equal(person.SalesforceContactId ?? person.SalesforceLeadId, task.GetProperty("WhoId").GetString());
        Assert.Equal(720, task.GetProperty("CallDurationInSeconds").GetInt32());
        Assert.Equal("Connected", task.GetProperty("mkto_si__Call_Outcome__c").GetString());
        Assert.Equal("Wants a quote.\nCall back Monday.", task.GetProperty("Description").GetString());

        var written = Assert.Single(await _world.ActivitiesAsync()).Writes;
        Assert.Equal(task.GetProperty("Id").GetString(), written.Single(w => w.Destination == ActivityDestination.Salesforce).VendorId);
        Assert.Equal(activity.GetProperty("marketoGUID").GetString(), written.Single(w => w.Destination == ActivityDestination.Marketo).VendorId);

        // The timeline shows where it has been written.
        var page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("data-destination=\"Marketo\" data-state=\"Written\"", page);
        Assert.Contains("data-destination=\"Salesforce\" data-state=\"Written\"", page);
        Assert.Contains("Marketo ✓", page);
        Assert.Contains("Salesforce ✓", page);
        Assert.Contains("Sales Call Received", page);

        // A second run finds nothing to do and changes nothing at either vendor.
        var (again, againSalesforce) = await _world.RunWritersAsync();
        Assert.Equal(0, again.Written + againSalesforce.Written);
        Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.SalesCallReceived));
        Assert.Equal(8, _world.MarketoActivities.Types.Count);
    }

    [Fact]
    public async Task Writes_whose_answer_was_lost_after_the_vendor_applied_them_land_exactly_once()
    {
        var person = await _world.PersonAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await _world.LogCallAsync(person.MarketoId, "Left voicemail", duration: "1")).StatusCode);
        var id = Assert.Single(await _world.ActivitiesAsync()).Id;

        // Both vendors apply their next write and then never answer: Marketo's add and Salesforce's upsert (one each:
        // the two are written side by side, so "the next two writes" could be Salesforce's upsert and its resend).
        await _world.Simulators.PostAsync("_sim/faults", new { applyThenTimeOutMarketoWrites = 1, applyThenTimeOutSalesforceWrites = 1 });
        var (marketo, salesforce) = await _world.RunWritersAsync();

        // Marketo's add is not repeated blindly: the activity waits, marked as possibly sent.
        Assert.Equal(1, marketo.Unknown);
        Assert.Single(_world.MarketoActivities.RecordedActivities);
        Assert.Equal(ActivityWriteState.Sending, Assert.Single(await _world.ActivitiesAsync()).Writes.Single(w => w.Destination == ActivityDestination.Marketo).State);

        // Salesforce's upsert was sent again at once; the external id made the second send an update.
        Assert.Equal(1, salesforce.Written);

        // The next run reads back what landed in Marketo instead of adding it again.
        var (readBack, _) = await _world.RunWritersAsync();
        Assert.Equal(1, readBack.Written);
        Assert.Single(_world.MarketoActivities.RecordedActivities);
        Assert.Single(await _world.MarketoLeadActivitiesAsync(person.MarketoId, SalesActivityKind.SalesCallReceived));
        Assert.Single(await _world.QueryTasksAsync($"mkto_si__Sales_Activity_Id__c = '{id:N}'"));
        Assert.Single(_world.Salesforce.Records.WrittenTasks());
        Assert.All(Assert.Single(await _world.ActivitiesAsync()).Writes, w => Assert.Equal(ActivityWriteState.Written, w.State));
    }

    [Fact]
    public async Task A_call_with_a_person_not_in_Salesforce_is_skipped_there_with_the_reason_shown()
    {
        var person = await _world.PersonAsync(withSalesforceId: false);
        Assert.Equal(HttpStatusCode.Redirect, (await _world.LogCallAsync(person.MarketoId, "No answer")).StatusCode);

        var (marketo, salesforce) = await _world.RunWritersAsync();
        Assert.Equal(1, marketo.Written);
        Assert.Equal(1, salesforce.Skipped);
        Assert.Empty(_world.Salesforce.Records.WrittenTasks());
        var write = Assert.Single(await _world.ActivitiesAsync()).Writes.Single(w => w.Destination == ActivityDestination.Salesforce);
        Assert.Equal(ActivityWriteState.Skipped, write.State);

        var page = await _world.Rep.GetStringAsync($"/people/{person.MarketoId}");
        Assert.Contains("data-destination=\"Salesforce\" data-state=\"Skipped\"", page);
        Assert.Contains("This person has no Salesforce contact or lead ID", page);
        Assert.Contains("Marketo ✓", page);
    }

    [Fact]
    public async Task A_call_without_an_outcome_is_refused_and_a_form_posted_twice_logs_one_call()
    {
        var person = await _world.PersonAsync();
        var refused = await _world.LogCallAsync(person.MarketoId, "");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("The call was not logged: choose its outcome.", await _world.Rep.GetStringAsync(refused.Headers.Location!.OriginalString));
        Assert.Empty(await _world.ActivitiesAsync());

        var badDuration = await _world.LogCallAsync(person.MarketoId, "Busy", duration: "ten");
        Assert.Contains("enter the duration as whole minutes", await _world.Rep.GetStringAsync(badDuration.Headers.Location!.OriginalString));
        Assert.Empty(await _world.ActivitiesAsync());

        const string key = "0123456789abcdef0123456789abcdef";
        await _world.LogCallAsync(person.MarketoId, "Busy", callKey: key);
        var twice = await _world.LogCallAsync(person.MarketoId, "Busy", callKey: key);
        Assert.Contains("This call was already logged.", await _world.Rep.GetStringAsync(twice.Headers.Location!.OriginalString));
        Assert.Single(await _world.ActivitiesAsync());
    }

    [Fact]
    public async Task Activity_types_that_already_exist_in_Marketo_are_left_alone()
    {
        // Someone made Sales Call Received by hand (another API name), already approved, with only its primary attribute.
        using (var http = await MarketoTestClient.CreateAuthorizedClientAsync(_world.Simulators))
        {
            var created = MarketoTestClient.Result(await MarketoTestClient.PostJsonAsync(http, "rest/v1/activities/external/type.json",
                """{"apiName":"handMadeCall","name":"Sales Call Received","triggerName":"Call came in","filterName":"Had a call","primaryAttribute":{"apiName":"outcome","name":"Outcome","dataType":"string"}}"""));
            Assert.Equal(JsonValueKind.Array, created.ValueKind);
            MarketoTestClient.Result(await MarketoTestClient.PostJsonAsync(http, "rest/v1/activities/external/type/handMadeCall/approve.json", "{}"));
        }

        var person = await _world.PersonAsync();
        await _world.LogCallAsync(person.MarketoId, "Connected");
        var (marketo, _) = await _world.RunWritersAsync();
        Assert.Equal(1, marketo.Written);

        var types = _world.MarketoActivities.Types;
        Assert.Equal(8, types.Count);
        var handMade = Assert.Single(types, t => t.Name == "Sales Call Received");
        Assert.Equal("handMadeCall", handMade.ApiName);
        Assert.Equal("approved", handMade.Status);
        Assert.Contains(handMade.Attributes, a => a.ApiName == "salesAppActivityId");
        Assert.Equal(handMade.Id, Assert.Single(_world.MarketoActivities.RecordedActivities).ActivityTypeId);
        Assert.All(types, t => Assert.Equal("approved", t.Status));
    }
}
