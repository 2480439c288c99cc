using Microsoft.EntityFrameworkCore;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Web.Home;

public sealed record MemberHomeView(string AccountName, string Email, string? FirstName, MemberRole Role, IReadOnlyList<string> Teams);

/// <summary>What a signed-in member's landing page shows: who they are, their account and their teams.</summary>
public sealed class MemberHome(AppDbContext db, CurrentAccount account)
{
    public async Task<MemberHomeView?> GetAsync(Guid memberId, CancellationToken ct = default)
    {
        var info = await account.GetAsync(ct);
        var member = await db.Members.Where(m => m.Id == memberId)
            .Select(m => new { m.Email, m.FirstName, m.Role }).FirstOrDefaultAsync(ct);
        if (info is null || member is null)
        {
            return null;
        }

        var teams = await db.TeamMemberships.Where(tm => tm.MemberId == memberId)
            .Join(db.Teams, tm => tm.TeamId, t => t.Id, (_, t) => t.Name)
            .OrderBy(n => n).ToListAsync(ct);
        return new MemberHomeView(info.Name, member.Email, member.FirstName, member.Role, teams);
    }
}

public static class MemberHomeSetup
{
    public static WebApplicationBuilder AddMemberHome(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<MemberHome>();
        return builder;
    }
}
