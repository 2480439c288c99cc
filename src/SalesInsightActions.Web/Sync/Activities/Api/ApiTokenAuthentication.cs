using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SalesInsightActions.Web.Data;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Activities.Api;

/// <summary>
/// "Authorization: Bearer sia_…" for the activities API. Signs the caller in as the token's member, with the same
/// claims as a browser sign-in, and enters the token's account into the request's <see cref="AccountScope"/> (the
/// account middleware ran before this scheme was asked, as only API endpoints use it).
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenService tokens, AccountScope scope,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var owner = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (owner is null)
        {
            return AuthenticateResult.Fail("The API token is unknown, revoked, or its member is no longer active.");
        }

        scope.Enter(owner.AccountId);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, owner.MemberEmail),
            new Claim(AccountClaims.Account, owner.AccountId.ToString()),
            new Claim(AccountClaims.Member, owner.MemberId.ToString()),
            new Claim("sia:api-token", owner.TokenId.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
            "Send a personal API token as \"Authorization: Bearer sia_…\". Create one under Settings → My settings → API tokens; a revoked token or a deactivated member's token no longer works.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed", "This token's member may not do this.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        Response.ContentType = "application/problem+json";
        await Response.WriteAsync(JsonSerializer.Serialize(new { type = "about:blank", title = localizer[title].Value, status, detail = localizer[detail].Value }, JsonSerializerOptions.Web));
    }
}
