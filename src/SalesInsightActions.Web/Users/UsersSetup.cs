using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.Invitations;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Users;

public static class UsersSetup
{
    /// <summary>ASP.NET Core Identity for passwords and lockout, the account policies, and invitations.</summary>
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/sign-in";
                o.AccessDeniedPath = "/access-denied";
                o.Cookie.Name = "sia.auth";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
            }));
        builder.Services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                // Only active members may sign in (ActiveMemberConfirmation).
                o.SignIn.RequireConfirmedAccount = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<AccountClaimsPrincipalFactory>();
        builder.Services.AddScoped<IUserConfirmation<AppUser>, ActiveMemberConfirmation>();
        builder.Services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, ActiveMemberSecurityStampValidator>());
        builder.Services.AddScoped<SignedInMember>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.AccountMember, p => p.RequireAuthenticatedUser().AddRequirements(new ActiveMemberRequirement(AdminOnly: false)))
            .AddPolicy(Policies.AccountAdmin, p => p.RequireAuthenticatedUser().AddRequirements(new ActiveMemberRequirement(AdminOnly: true)));
        builder.Services.AddScoped<IAuthorizationHandler, ActiveMemberHandler>();

        builder.Services.AddOptions<InvitationOptions>()
            .Bind(builder.Configuration.GetSection(InvitationOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<InvitationService>();
        builder.Services.AddSingleton<InvitationAcceptance>();
        builder.Services.AddSingleton<SalesforceSignIn>();
        builder.Services.AddScoped<SignIn.Sso.EntraSsoOffer>();
        builder.Services.AddScoped<MemberDirectory>();
        builder.Services.AddScoped<MemberAdministration>();
        builder.Services.AddScoped<Settings.LoginSettingsService>();
        return builder;
    }

    public static WebApplication UseSignIn(this WebApplication app)
    {
        app.UseAuthentication();
        return app;
    }

    /// <summary>After the account is resolved, so the policies' member lookups are account-filtered.</summary>
    public static WebApplication UseAccountAuthorization(this WebApplication app)
    {
        app.UseAuthorization();
        return app;
    }
}
