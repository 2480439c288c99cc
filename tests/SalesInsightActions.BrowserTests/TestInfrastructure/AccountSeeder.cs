using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Web.Accounts;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.BrowserTests.TestInfrastructure;

/// <summary>Creates Sales accounts and members through the app's own services (UserManager hashes the password).</summary>
public static class AccountSeeder
{
    public const string Password = "Correct-Horse-42";

    public static async Task<Guid> CreateAccountAsync(KestrelApp app, string name, LoginManagement login = LoginManagement.AllLoginMethods, bool entraSso = false)
    {
        await using var scope = app.CreateScope(null, out var db);
        var munchkinId = $"{Random.Shared.Next(100, 999)}-{Guid.NewGuid().ToString("N")[..3].ToUpperInvariant()}-{Random.Shared.Next(100, 999)}";
        var account = new SalesAccount { Name = name, MunchkinId = munchkinId, CreatedAt = DateTime.UtcNow, LoginManagement = login, EntraSsoEnabled = entraSso };
        db.SalesAccounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    /// <summary>An active member who signs in with <see cref="Password"/>.</summary>
    public static async Task<Member> CreateActiveMemberAsync(KestrelApp app, Guid accountId, string email, MemberRole role = MemberRole.Admin, bool isOriginalUser = true)
    {
        await using var scope = app.CreateScope(accountId, out var db);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, SalesAccountId = accountId };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var member = new Member
        {
            Email = email, NormalizedEmail = email.ToUpperInvariant(), Role = role, Status = MemberStatus.Active, UserId = user.Id,
            IsOriginalUser = isOriginalUser, InvitedAt = DateTime.UtcNow, ActivatedAt = DateTime.UtcNow,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member;
    }

    /// <summary>A Sales account with every login method and its original user, an active admin with a password; returns the admin's email.</summary>
    public static async Task<string> CreateAccountWithAdminAsync(KestrelApp app, string accountName, string? adminEmail = null, bool entraSso = false)
    {
        var accountId = await CreateAccountAsync(app, accountName, entraSso: entraSso);
        var admin = adminEmail ?? UniqueEmail("admin");
        await CreateActiveMemberAsync(app, accountId, admin);
        return admin;
    }

    /// <summary>An address no earlier run used, so the shared maildev inbox holds exactly one message to it.</summary>
    public static string UniqueEmail(string who, string domain = "acme.example") => $"{who}-{Guid.NewGuid():N}@{domain}";
}
