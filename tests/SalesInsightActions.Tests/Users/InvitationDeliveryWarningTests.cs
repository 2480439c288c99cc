using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Tests.Simulators;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Email;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Users;

/// <summary>An invitation whose email may never have arrived is pointed out to the admin, with Resend.</summary>
public sealed class InvitationDeliveryWarningTests : AppTest
{
    [Fact]
    public async Task An_invitation_whose_delivery_is_uncertain_is_flagged_on_the_members_list_and_resend_queues_a_new_one()
    {
        var accountId = await AccountSeeder.CreateAccountAsync(App);
        await AccountSeeder.CreateActiveMemberAsync(App, accountId, "warn-admin@acme.example");
        using var admin = await AccountSeeder.SignInAsync(App, "warn-admin@acme.example");
        var invitee = $"uncertain-{Guid.NewGuid():N}@acme.example";
        var fine = $"fine-{Guid.NewGuid():N}@acme.example";
        await AccountSeeder.PostFormAsync(admin, "/users/invite", new() { ["Emails"] = $"{invitee}, {fine}", ["Role"] = "standard" });
        await Maildev.WaitForMessageToAsync(invitee);
        await using (var scope = App.CreateScope(null, out var db))
        {
            // What a crash mid-send leaves behind.
            await Poll.UntilAsync(() => db.OutboxEmails.CountAsync(e => e.SalesAccountId == accountId && e.State == OutboxEmailState.Sent), n => n == 2);
            await db.OutboxEmails.Where(e => e.ToAddress == invitee).ExecuteUpdateAsync(s => s.SetProperty(e => e.State, OutboxEmailState.DeliveryUncertain));
        }

        var page = await admin.GetStringAsync("/users");

        var uncertainRow = Row(page, invitee);
        Assert.Contains("The invitation email may not have arrived", uncertainRow, StringComparison.Ordinal);
        Assert.Contains("Resend", uncertainRow, StringComparison.Ordinal);
        Assert.DoesNotContain("may not have arrived", Row(page, fine), StringComparison.Ordinal);

        Guid memberId;
        await using (var scope = App.CreateScope(accountId, out var db))
        {
            memberId = await db.Members.Where(m => m.Email == invitee).Select(m => m.Id).SingleAsync();
        }

        var resent = await AccountSeeder.PostFormAsync(admin, "/users?handler=Resend", new() { ["memberId"] = memberId.ToString() }, "/users");
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        await using (var scope = App.CreateScope(null, out var db))
        {
            await Poll.UntilAsync(() => db.OutboxEmails.CountAsync(e => e.ToAddress == invitee && e.State == OutboxEmailState.Sent), n => n == 1);
        }

        Assert.DoesNotContain("may not have arrived", Row(await admin.GetStringAsync("/users"), invitee), StringComparison.Ordinal);
    }

    private static string Row(string page, string email)
    {
        var start = page.IndexOf($"data-member=\"{email}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{email} is not listed");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
