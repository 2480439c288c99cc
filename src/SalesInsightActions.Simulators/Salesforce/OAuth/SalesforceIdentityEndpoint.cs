using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SalesInsightActions.Simulators.Salesforce.Records;

using SalesInsightActions.Simulators.Salesforce.Rest;

namespace SalesInsightActions.Simulators.Salesforce.OAuth;

/// <summary>
/// The identity URL (the token response's "id"). As on Salesforce, a bad token gets 403 "Bad_OAuth_Token"
/// and an id outside the token's org 404 "Bad_Id" (plain text, not the REST error array).
/// </summary>
internal static class SalesforceIdentityEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/id/{orgId}/{userId}", ["GET", "POST"], (string orgId, string userId, HttpContext context, SalesforceSimulatorState simulator, SalesforceSimulatorOptions options) =>
        {
            string? token = AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out AuthenticationHeaderValue? header)
                && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
                ? header.Parameter
                : context.Request.Query["oauth_token"].ToString() is { Length: > 0 } queryToken ? queryToken : null;
            SalesforceAccessGrant? grant = simulator.OAuth.ValidateAccessToken(token, simulator.SessionTimeout);
            if (grant is null)
            {
                return Results.Text("Bad_OAuth_Token", "text/plain", statusCode: StatusCodes.Status403Forbidden);
            }
            SalesforceLoginUser? user = simulator.Users.Find(orgId, userId);
            if (user is null || !SalesforceUserDirectory.SameId(user.OrgId, grant.User.OrgId))
            {
                return Results.Text("Bad_Id", "text/plain", statusCode: StatusCodes.Status404NotFound);
            }
            string root = SimulatorUrls.Root(context.Request);
            string org15 = user.OrgId[..15];
            return SalesforceJson.Result(new Dictionary<string, object?>
            {
                ["id"] = $"{root}/id/{user.OrgId}/{user.Id}",
                ["asserted_user"] = SalesforceUserDirectory.SameId(user.Id, grant.User.Id),
                ["user_id"] = user.Id,
                ["organization_id"] = user.OrgId,
                ["username"] = user.Username,
                ["nick_name"] = user.Username.Split('@')[0],
                ["display_name"] = user.Name,
                ["email"] = user.Email,
                ["email_verified"] = !options.UnverifiedEmailUsernames.Contains(user.Username, StringComparer.OrdinalIgnoreCase),
                ["first_name"] = user.FirstName,
                ["last_name"] = user.LastName,
                ["timezone"] = "America/Los_Angeles",
                ["photos"] = new Dictionary<string, string>
                {
                    ["picture"] = $"{root}/profilephoto/005/F",
                    ["thumbnail"] = $"{root}/profilephoto/005/T",
                },
                ["addr_street"] = null,
                ["addr_city"] = null,
                ["addr_state"] = null,
                ["addr_country"] = "US",
                ["addr_zip"] = null,
                ["mobile_phone"] = null,
                ["mobile_phone_verified"] = false,
                ["is_lightning_login_user"] = false,
                ["status"] = new Dictionary<string, object?> { ["created_date"] = null, ["body"] = null },
                ["urls"] = new Dictionary<string, string>
                {
                    ["enterprise"] = $"{root}/services/Soap/c/{{version}}/{org15}",
                    ["metadata"] = $"{root}/services/Soap/m/{{version}}/{org15}",
                    ["partner"] = $"{root}/services/Soap/u/{{version}}/{org15}",
                    ["rest"] = $"{root}/services/data/v{{version}}/",
                    ["sobjects"] = $"{root}/services/data/v{{version}}/sobjects/",
                    ["search"] = $"{root}/services/data/v{{version}}/search/",
                    ["query"] = $"{root}/services/data/v{{version}}/query/",
                    ["recent"] = $"{root}/services/data/v{{version}}/recent/",
                    ["tooling_soap"] = $"{root}/services/Soap/T/{{version}}/{org15}",
                    ["tooling_rest"] = $"{root}/services/data/v{{version}}/tooling/",
                    ["profile"] = $"{root}/{user.Id}",
                    ["feeds"] = $"{root}/services/data/v{{version}}/chatter/feeds",
                    ["groups"] = $"{root}/services/data/v{{version}}/chatter/groups",
                    ["users"] = $"{root}/services/data/v{{version}}/chatter/users",
                    ["feed_items"] = $"{root}/services/data/v{{version}}/chatter/feed-items",
                    ["custom_domain"] = root,
                },
                ["active"] = user.IsActive,
                ["user_type"] = "STANDARD",
                ["language"] = "en_US",
                ["locale"] = "en_US",
                ["utcOffset"] = -28800000,
                ["last_modified_date"] = "2020-01-06T09:00:00.000+0000",
                ["is_app_installed"] = true,
            });
        });
    }
}
