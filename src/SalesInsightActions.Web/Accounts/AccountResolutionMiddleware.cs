using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Infrastructure.Sandbox;

namespace SalesInsightActions.Web.Accounts;

/// <summary>
/// Puts the request's Sales account into the <see cref="AccountScope"/>: the signed-in member's
/// account, or in sandbox mode the sandbox's own account for visitors who are not signed in.
/// </summary>
internal sealed class AccountResolutionMiddleware(RequestDelegate next)
{
    

    public Task InvokeAsync(HttpContext context, AccountScope scope, SandboxAccount sandbox)
    {
        var claim = context.User.FindFirst(Users.SignIn.AccountClaims.Account)?.Value;
        if (Guid.TryParse(claim, out var accountId))
        {
            scope.Enter(accountId);
        }
        else if (context.User.Identity?.IsAuthenticated != true && sandbox.AccountId is { } sandboxAccountId)
        {
            scope.Enter(sandboxAccountId);
        }

        return next(context);
    }
}

public static class AccountsSetup
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CurrentAccount>();
        return builder;
    }

    public static WebApplication UseAccountResolution(this WebApplication app)
    {
        app.UseMiddleware<AccountResolutionMiddleware>();
        return app;
    }
}
