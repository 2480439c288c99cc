using SalesInsightActions.Web.Sync.Activities;

namespace SalesInsightActions.Tests.Sync.Activities;

public sealed class TaskSubjectTests
{
    [Theory]
    [InlineData("Call: {{call_outcome}} – {{call_reason}}", "Connected", "Pricing", "Call: Connected – Pricing")]
    [InlineData("Call: {{call_outcome}} – {{call_reason}}", "Connected", null, "Call: Connected")]
    [InlineData("{{activity_type}} ({{call_outcome}})", "Busy", null, "Sales Call Received (Busy)")]
    [InlineData("{{unknown}}", null, null, "Sales Call Received")]
    [InlineData("Call:\r\n{{call_reason}}", "Busy", "two\nlines", "Call: two lines")]
    public void Placeholders_are_filled_and_line_breaks_and_dangling_separators_removed(string template, string? outcome, string? reason, string expected) =>
        Assert.Equal(expected, TaskSubject.Render(template, SalesActivityKind.SalesCallReceived, new SalesActivityPayload { CallOutcome = outcome, CallReason = reason }));

    [Fact]
    public void Subjects_are_cut_at_255_characters_and_replies_say_Reply()
    {
        var long300 = new string('x', 300);
        Assert.Equal(255, TaskSubject.Render("Email: {{activity_subject}}", SalesActivityKind.SendSalesEmail, new SalesActivityPayload { Subject = long300 }).Length);
        Assert.Equal("Reply: Our offer", TaskSubject.Render("Email: {{activity_subject}}", SalesActivityKind.RepliedToSalesEmail, new SalesActivityPayload { Subject = "Our offer" }));
    }
}
