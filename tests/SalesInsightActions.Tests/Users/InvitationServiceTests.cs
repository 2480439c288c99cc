using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Users;
using SalesInsightActions.Web.Users.Invitations;

namespace SalesInsightActions.Tests.Users;

public sealed class InvitationServiceTests : AppTest
{
    private static readonly Func<string, Uri> Link = token => new Uri($"https://app.example/invitations/accept?token={token}");
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App);
    }

    private async Task<InviteResult> InviteAsync(Guid account, params InviteRequest[] requests)
    {
        await using var scope = App.CreateScope(account, out _);
        return await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync(requests, Link);
    }

    [Fact]
    public async Task Every_row_gets_a_verdict_and_only_valid_new_people_are_invited()
    {
        var other = await AccountSeeder.CreateAccountAsync(App, "Globex");
        await InviteAsync(other, new InviteRequest(1, "taken@globex.example"));
        await InviteAsync(_account, new InviteRequest(1, "already@acme.example"));

        var result = await InviteAsync(_account,
            new InviteRequest(1, "new.person@acme.example"),
            new InviteRequest(2, "not-an-email"),
            new InviteRequest(3, "NEW.PERSON@acme.example"),
            new InviteRequest(4, "already@acme.example"),
            new InviteRequest(5, "taken@globex.example"),
            new InviteRequest(6, "boss@acme.example", Role: "admin"),
            new InviteRequest(7, "who@acme.example", Role: "overlord"),
            new InviteRequest(8, "Display Name <dn@acme.example>"));

        Assert.Equal(
            [InviteSkipReason.None, InviteSkipReason.MalformedEmail, InviteSkipReason.DuplicateInThisBatch, InviteSkipReason.AlreadyMemberOfThisAccount,
             InviteSkipReason.CannotBeInvited, InviteSkipReason.None, InviteSkipReason.UnknownRole, InviteSkipReason.MalformedEmail],
            result.Verdicts.Select(v => v.Reason));
        Assert.Equal(2, result.InvitedCount);
        await using var scope = App.CreateScope(_account, out var db);
        var boss = await db.Members.SingleAsync(m => m.NormalizedEmail == "BOSS@ACME.EXAMPLE");
        Assert.Equal(MemberRole.Admin, boss.Role);
        Assert.Equal(MemberStatus.Invited, boss.Status);
    }

    [Fact]
    public async Task Seat_limit_is_enforced_before_anything_is_sent()
    {
        await using (var scope = App.CreateScope(_account, out var db))
        {
            for (var i = 0; i < 97; i++)
            {
                db.Members.Add(new Member { Email = $"seat{i}@acme.example", NormalizedEmail = $"SEAT{i}@ACME.EXAMPLE", Status = MemberStatus.Active, InvitedAt = DateTime.UtcNow });
            }

            db.Members.Add(new Member { Email = "gone@acme.example", NormalizedEmail = "GONE@ACME.EXAMPLE", Status = MemberStatus.Deactivated, InvitedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var result = await InviteAsync(_account, [.. Enumerable.Range(1, 5).Select(i => new InviteRequest(i, $"extra{i}@acme.example"))]);

        Assert.Equal(3, result.InvitedCount);
        Assert.Equal([InviteSkipReason.NoSeatsLeft, InviteSkipReason.NoSeatsLeft], result.Verdicts.Skip(3).Select(v => v.Reason));
        await using var check = App.CreateScope(_account, out var after);
        Assert.Equal(3, await after.OutboxEmails.CountAsync(e => e.ToAddress.StartsWith("extra")));
        Assert.Equal(100, await after.Members.CountAsync(m => m.Status != MemberStatus.Deactivated));
    }

    [Fact]
    public async Task Invitees_join_everyone_and_their_team_which_is_created_once()
    {
        await InviteAsync(_account,
            new InviteRequest(1, "a@acme.example", TeamName: "West Coast"),
            new InviteRequest(2, "b@acme.example", TeamName: "west coast"),
            new InviteRequest(3, "c@acme.example"));

        await using var scope = App.CreateScope(_account, out var db);
        var teams = await db.Teams.OrderBy(t => t.Name).Select(t => new { t.Name, t.IsEveryone, Count = db.TeamMemberships.Count(m => m.TeamId == t.Id) }).ToListAsync();
        Assert.Equal(2, teams.Count);
        Assert.Equal(("Everyone", true, 3), (teams[0].Name, teams[0].IsEveryone, teams[0].Count));
        Assert.Equal(("West Coast", false, 2), (teams[1].Name, teams[1].IsEveryone, teams[1].Count));
    }

    [Fact]
    public async Task A_twenty_first_team_is_refused()
    {
        var requests = Enumerable.Range(1, 21).Select(i => new InviteRequest(i, $"t{i}@acme.example", TeamName: $"Team {i}")).ToArray();

        var result = await InviteAsync(_account, requests);

        // Everyone + 19 named teams = 20.
        Assert.Equal(19, result.InvitedCount);
        Assert.Equal([InviteSkipReason.TeamLimitReached, InviteSkipReason.TeamLimitReached], result.Verdicts.Skip(19).Select(v => v.Reason));
    }

    [Fact]
    public async Task The_email_carries_a_single_use_link_whose_token_is_stored_only_as_a_hash()
    {
        await InviteAsync(_account, new InviteRequest(1, "link@acme.example", FirstName: "Lin", LastName: "K"));

        await using var scope = App.CreateScope(_account, out var db);
        var email = await db.OutboxEmails.SingleAsync(e => e.ToAddress == "link@acme.example");
        Assert.DoesNotContain("token=", email.TextBody, StringComparison.Ordinal); // encrypted at rest
        var text = scope.ServiceProvider.GetRequiredService<SalesInsightActions.Web.Email.OutboxBodies>().Open(email.TextBody);
        var token = System.Text.RegularExpressions.Regex.Match(text, @"token=([A-Za-z0-9_\-%]+)").Groups[1].Value;
        var invitation = await db.Invitations.SingleAsync();
        Assert.NotEmpty(token);
        Assert.Equal(InvitationToken.Hash(Uri.UnescapeDataString(token)), invitation.TokenHash);
        Assert.DoesNotContain(token, invitation.TokenHash, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(7), invitation.ExpiresAt - invitation.CreatedAt);
    }
}
