using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Tests.TestInfrastructure;
using SalesInsightActions.Web.Sync.People;
using SalesInsightActions.Web.Users;

namespace SalesInsightActions.Tests.Security;

/// <summary>
/// Issue 10's authorization matrix. Every page handler and endpoint is read from the app's own endpoint list
/// (<see cref="EndpointDataSource"/>, and each page's handler methods), then requested as five visitors: anonymous,
/// a standard member, an admin, an admin of another Sales account, and a member deactivated after signing in. Each
/// outcome is compared with <see cref="Expected"/>; a route the app has but the table lacks fails the test, so a new
/// page cannot be forgotten. Every POST must also refuse a request without an antiforgery token. All differences are
/// reported together.
/// </summary>
public sealed partial class AuthorizationMatrixTests : AppTest
{
    private enum Outcome
    {
        /// <summary>Passed authorization: a page, a redirect elsewhere than sign-in / access denied, or a form error.</summary>
        Allowed,

        /// <summary>Redirected to /sign-in.</summary>
        SignIn,

        /// <summary>403, or redirected to /access-denied.</summary>
        Denied,

        NotFound,

        /// <summary>A 500 or anything else unexpected: never expected.</summary>
        Broken,
    }

    private enum Visitor { Anonymous, Member, Admin, OtherAccountAdmin, Deactivated }

    private static readonly Visitor[] Visitors = [Visitor.Anonymous, Visitor.Member, Visitor.Deactivated, Visitor.OtherAccountAdmin, Visitor.Admin];

    private const Outcome A = Outcome.Allowed, S = Outcome.SignIn, D = Outcome.Denied, N = Outcome.NotFound;

    /// <summary>Anyone, signed in or not.</summary>
    private static readonly Outcome[] Public = [A, A, A, A, A];

    /// <summary>Active members of any account; the deactivated member's cookie no longer works.</summary>
    private static readonly Outcome[] Members = [S, A, A, A, S];

    /// <summary>Active admins of any account (each acts on their own account).</summary>
    private static readonly Outcome[] Admins = [S, D, A, A, S];

    /// <summary>Admins, on a row of the first account: the other account's admin must not find it.</summary>
    private static readonly Outcome[] AdminsOfThisAccount = [S, D, A, N, S];

    /// <summary>Not mounted (the dev mailbox outside sandbox mode).</summary>
    private static readonly Outcome[] NoOne = [N, N, N, N, N];

    /// <summary>
    /// Expected outcome per route and handler, for [anonymous, standard member, admin, other account's admin, deactivated].
    /// Keys are "METHOD /route?handler=Name" as the endpoint list names them.
    /// </summary>
    private static readonly Dictionary<string, Outcome[]> Expected = new(StringComparer.Ordinal)
    {
        // Public pages: the first admin reaches Actions Config from Marketo before any sign-in exists.
        ["GET /"] = Public,
        ["GET /admin"] = Public,
        ["GET /admin/sales-insight"] = Public,
        ["GET /admin/sales-insight/actions-config"] = Public,
        // Its POSTs need verified API credentials (a data-protected cookie) or an admin; without them: a sentence, or 403 for Reveal.
        ["POST /admin/sales-insight/actions-config?handler=Verify"] = Public,
        ["POST /admin/sales-insight/actions-config?handler=Invite"] = Public,
        // No credentials are stored for the seeded account, so there is no secret to reveal to anyone.
        ["POST /admin/sales-insight/actions-config?handler=Reveal"] = [D, D, D, D, D],
        ["GET /culture"] = Public,
        ["POST /culture"] = Public,
        ["GET /error"] = Public,
        // The exception handler re-executes a failed POST here; it renders the error page and changes nothing.
        ["POST /error"] = Public,
        ["GET /health/live"] = Public,
        ["GET /health/ready"] = Public,
        // Not mapped unless metrics are turned on.
        ["GET /metrics"] = NoOne,
        // Sandbox mode only (finding 6); this host is not a sandbox.
        ["GET /dev/mailbox"] = NoOne,
        ["GET /sign-in"] = Public,
        ["POST /sign-in"] = Public,
        ["POST /sign-in/salesforce"] = Public,
        // Microsoft sign-in is not configured here: the start page sends a typed URL back to sign in, the rest do not exist.
        ["GET /sign-in/entra"] = [S, S, S, S, S],
        ["POST /sign-in/entra"] = NoOne,
        ["GET /sign-in/entra/complete"] = NoOne,
        ["GET /sign-out"] = Public,
        // Signs out whoever asks, then lands on the sign-in page.
        ["POST /sign-out"] = [S, S, S, S, S],
        // Without a token in the link the invitation page is not found, for everyone alike.
        ["GET /invitations/accept"] = NoOne,
        ["POST /invitations/accept"] = NoOne,
        // OAuth callbacks and the hand-off link: their state cookie or token is the credential, checked on arrival.
        ["GET /connections/salesforce/callback"] = Public,
        ["GET /settings/salesforce/callback"] = Public,
        ["GET /connect/salesforce/done"] = Public,
        ["GET /connect/salesforce/{token}"] = NoOne,
        ["POST /connect/salesforce/{token}"] = Public,

        // Members of the account.
        ["GET /home"] = Members,
        ["GET /people"] = Members,
        ["GET /people/{marketoId:long}"] = [S, A, A, N, S],
        ["POST /people/{marketoId:long}?handler=LogCall"] = [S, A, A, N, S],
        ["POST /people/{marketoId:long}?handler=SendEmail"] = [S, A, A, N, S],
        ["POST /people/{marketoId:long}?handler=AddToCampaign"] = [S, A, A, N, S],
        ["POST /people/{marketoId:long}?handler=RemoveFromCampaign"] = [S, A, A, N, S],
        ["GET /settings/api-tokens"] = Members,
        ["POST /settings/api-tokens?handler=Create"] = Members,
        ["POST /settings/api-tokens?handler=Revoke"] = Members,

        // Opened by mail clients and the people who click: the unguessable token in the link is the credential (unknown here).
        ["GET /email/{token}/open.gif"] = Public,
        ["HEAD /email/{token}/open.gif"] = Public,
        ["GET /email/{token}/link/{index:int}"] = NoOne,
        ["HEAD /email/{token}/link/{index:int}"] = NoOne,
        // Unsubscribe: the footer link's confirm page (GET asks, POST unsubscribes) and the mail client's RFC 8058 one-click.
        ["GET /email/{token}/unsubscribe"] = NoOne,
        ["POST /email/{token}/unsubscribe"] = NoOne,
        ["POST /email/{token}/unsubscribe/one-click"] = NoOne,
        // The mail provider's webhook authenticates with the account's inbound secret; cookies count for nothing (401).
        ["POST /webhooks/inbound-mail/{accountId:guid}"] = [S, S, S, S, S],
        // The activities API takes personal API tokens only: cookies count for nothing (401), whatever the body's content
        // type (the handler, not routing, answers 415, and only once the caller is authenticated).
        ["GET /api/v1/activities/{id:guid}"] = [S, S, S, S, S],
        ["POST /api/v1/activities"] = [S, S, S, S, S],
        ["GET /api/openapi/{documentName}.json"] = Public,
        ["GET /settings"] = Members,
        ["GET /settings/sign-in-methods"] = Members,

        // Admins.
        ["GET /admin/sales-insight/actions-config/field-sync"] = Admins,
        ["GET /admin/sales-insight/actions-config/field-sync/start"] = Admins,
        ["POST /admin/sales-insight/actions-config/field-sync/start"] = Admins,
        ["GET /settings/audit-log"] = Admins,
        ["GET /settings/audit-log?handler=Export"] = Admins,
        ["GET /settings/login"] = Admins,
        ["POST /settings/login"] = Admins,
        ["GET /settings/marketo"] = Admins,
        ["POST /settings/marketo?handler=Connect"] = Admins,
        ["POST /settings/marketo?handler=Manual"] = Admins,
        ["GET /settings/marketo/disconnect"] = Admins,
        ["POST /settings/marketo/disconnect"] = Admins,
        ["GET /settings/salesforce"] = Admins,
        ["POST /settings/salesforce?handler=Connect"] = Admins,
        ["POST /settings/salesforce?handler=Disconnect"] = Admins,
        ["POST /settings/salesforce?handler=CreateHandoff"] = Admins,
        ["POST /settings/salesforce?handler=RevokeHandoff"] = Admins,
        ["GET /settings/salesforce/package"] = Admins,
        ["POST /settings/salesforce/package?handler=Recheck"] = Admins,
        ["GET /sync"] = Admins,
        ["GET /settings/inbound-mail"] = Admins,
        ["POST /settings/inbound-mail?handler=Rotate"] = Admins,
        ["GET /settings/salesforce-tasks"] = Admins,
        ["GET /settings/salesforce-tasks?handler=Preview"] = Admins,
        ["POST /settings/salesforce-tasks"] = Admins,
        ["GET /settings/sales-campaigns"] = Admins,
        // An empty form is refused with a sentence (400, nothing written): authorization passed.
        ["POST /settings/sales-campaigns?handler=Create"] = Admins,
        ["GET /settings/sales-campaigns/{campaignId:guid}"] = AdminsOfThisAccount,
        ["POST /settings/sales-campaigns/{campaignId:guid}?handler=Save"] = AdminsOfThisAccount,
        ["POST /settings/sales-campaigns/{campaignId:guid}?handler=Archive"] = AdminsOfThisAccount,
        ["POST /settings/sales-campaigns/{campaignId:guid}?handler=Restore"] = AdminsOfThisAccount,
        ["GET /settings/email-templates"] = Admins,
        ["POST /settings/email-templates?handler=Create"] = Admins,
        ["GET /settings/email-templates/{templateId:guid}"] = AdminsOfThisAccount,
        ["POST /settings/email-templates/{templateId:guid}?handler=Save"] = AdminsOfThisAccount,
        ["POST /settings/email-templates/{templateId:guid}?handler=Delete"] = AdminsOfThisAccount,
        ["GET /sync/diagnostics/{destination:regex(^(salesforce|marketo)$)}"] = Admins,
        ["GET /sync/diagnostics/{destination:regex(^(salesforce|marketo)$)}?handler=Export"] = Admins,
        ["POST /sync/diagnostics/{destination:regex(^(salesforce|marketo)$)}?handler=Retry"] = Admins,
        ["POST /sync/diagnostics/{destination:regex(^(salesforce|marketo)$)}?handler=RetryGroup"] = Admins,
        ["POST /sync/diagnostics/{destination:regex(^(salesforce|marketo)$)}?handler=RetryOptOut"] = Admins,
        ["GET /sync?handler=Status"] = Admins,
        ["POST /sync?handler=Pause"] = Admins,
        ["POST /sync?handler=Resume"] = Admins,
        ["POST /sync?handler=RunNow"] = Admins,
        ["GET /users"] = Admins,
        ["GET /users?handler=Export"] = Admins,
        ["POST /users?handler=Resend"] = Admins,
        ["POST /users?handler=Role"] = Admins,
        ["POST /users?handler=Reactivate"] = Admins,
        ["GET /users/invite"] = Admins,
        ["POST /users/invite"] = Admins,
        ["GET /users/teams"] = Admins,
        ["POST /users/teams?handler=Create"] = Admins,
        ["POST /users/teams?handler=Add"] = Admins,
        ["POST /users/teams?handler=Remove"] = Admins,
        ["GET /users/import"] = Admins,
        ["POST /users/import"] = Admins,
        ["GET /users/import/template"] = Admins,
        ["GET /users/import/{id:guid}/mapping"] = AdminsOfThisAccount,
        ["POST /users/import/{id:guid}/mapping"] = AdminsOfThisAccount,
        ["GET /users/import/{id:guid}/review"] = AdminsOfThisAccount,
        ["POST /users/import/{id:guid}/review?handler=Invite"] = AdminsOfThisAccount,
        ["GET /users/import/{id:guid}/done"] = AdminsOfThisAccount,
        // Another account's admin is sent back to their own member list with "not found"; that nothing changed for the
        // first account's members is checked separately (TargetsUnchangedAsync).
        ["GET /users/{memberId:guid}/{change:regex(^(revoke|deactivate|delete)$)}"] = Admins,
        ["POST /users/{memberId:guid}/{change:regex(^(revoke|deactivate|delete)$)}"] = Admins,
    };

    /// <summary>Form fields a POST needs to reach its authorization-relevant code (empty forms stop at validation).</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Forms = new(StringComparer.Ordinal)
    {
        ["POST /people/{marketoId:long}?handler=LogCall"] = new() { ["outcome"] = "Connected" },
        ["POST /people/{marketoId:long}?handler=SendEmail"] = new() { ["subject"] = "Matrix", ["body"] = "Hello from the matrix." },
        ["POST /people/{marketoId:long}?handler=AddToCampaign"] = new() { ["campaignId"] = CampaignKey },
        ["POST /people/{marketoId:long}?handler=RemoveFromCampaign"] = new() { ["campaignId"] = CampaignKey },
    };

    /// <summary>Posts that must take no antiforgery token.</summary>
    private static readonly HashSet<string> NoAntiforgery = new(StringComparer.Ordinal)
    {
        // The exception handler's re-execution of a failed POST: it must render the error page whatever the request carried.
        "POST /error",
        // Bearer-token and shared-secret endpoints for programs: no cookie authenticates them, so there is nothing to forge.
        "POST /api/v1/activities",
        "POST /webhooks/inbound-mail/{accountId:guid}",
        // RFC 8058 one-click: the mail client posts without cookies; the email's unguessable token is the credential.
        "POST /email/{token}/unsubscribe/one-click",
    };

    private Guid _account;
    private Guid _otherAccount;
    private readonly Dictionary<string, string> _memberFor = [];
    private Guid _importId;
    private const long PersonId = 4242;
    // A constant: the static Forms table above is initialized before any static field declared here.
    private const string CampaignKey = "6d1c2f3e-0000-4000-8000-000000004242";
    private static readonly Guid CampaignId = Guid.Parse(CampaignKey);
    private static readonly Guid TemplateId = Guid.Parse("7e2d3f4a-0000-4000-8000-000000004242");

    private static string Email(string who) => $"{who}@matrix.example";

    protected override async Task SeedAsync()
    {
        _account = await AccountSeeder.CreateAccountAsync(App, "Matrix");
        _otherAccount = await AccountSeeder.CreateAccountAsync(App, "Elsewhere");
        await AccountSeeder.CreateActiveMemberAsync(App, _account, Email("admin"), MemberRole.Admin, isOriginalUser: true);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, Email("member"), MemberRole.StandardUser);
        await AccountSeeder.CreateActiveMemberAsync(App, _account, Email("deactivated"), MemberRole.StandardUser);
        await AccountSeeder.CreateActiveMemberAsync(App, _otherAccount, "admin@elsewhere.example", MemberRole.Admin, isOriginalUser: true);
        // One target per member change, so that deleting one does not make another's URL vanish.
        foreach (var change in new[] { "revoke", "deactivate", "delete" })
        {
            _memberFor[change] = (await AccountSeeder.CreateActiveMemberAsync(App, _account, Email("target-" + change), MemberRole.StandardUser)).Id.ToString();
        }

        await using (var scope = App.CreateScope(_account, out var db))
        {
            var store = scope.ServiceProvider.GetRequiredService<IPeopleStore>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await store.UpsertAsync(db, _account, [new PersonRecord(
                PersonId, "Ada", "Matrix", "ada@people.example", "Acme", "VP", null, null, "Web",
                null, "00Q000000000004242", null, null, "005000000000001AAA", "Lead", DateTime.UtcNow, null)], DateTime.UtcNow, default);
            await transaction.CommitAsync();
            db.Add(new Web.Sync.Activities.Campaigns.SalesCampaign
            {
                Id = CampaignId, Name = "Matrix campaign", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                Steps = [new() { Name = "Intro email", Kind = Web.Sync.Activities.Campaigns.CampaignStepKind.Email }],
            });
            db.Add(new Web.Sync.Activities.EmailTemplates.EmailTemplate { Id = TemplateId, Name = "Matrix template", Subject = "Hi", Body = "Hello", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        using var admin = await AccountSeeder.SignInAsync(App, Email("admin"));
        var uploaded = await AccountSeeder.PostFileAsync(admin, "/users/import", Encoding.UTF8.GetBytes("Email,First Name\nnew.person@matrix.example,New\n"));
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        _importId = Guid.Parse(ImportId().Match(uploaded.Headers.Location!.OriginalString).Groups["id"].Value);
    }

    [Fact]
    public async Task Every_route_and_handler_gives_each_kind_of_visitor_the_expected_outcome_and_every_post_needs_antiforgery()
    {
        var routes = await RoutesAsync();
        var failures = new List<string>();
        failures.AddRange(routes.Select(r => r.Key).Distinct().Where(k => !Expected.ContainsKey(k))
            .Select(k => $"{k}: not in the matrix; add it to {nameof(AuthorizationMatrixTests)}.{nameof(Expected)} with the outcome each visitor must get."));
        failures.AddRange(Expected.Keys.Where(k => routes.All(r => r.Key != k)).Select(k => $"{k}: in the matrix but the app has no such route; remove it."));
        var observed = new Dictionary<string, Outcome[]>(StringComparer.Ordinal);

        // GETs before POSTs, and the admin last, so nothing one visitor's POST changes hides a page from another.
        var callsBefore = 0;
        foreach (var visitor in Visitors)
        {
            if (visitor == Visitor.OtherAccountAdmin)
            {
                await using var scope = App.CreateScope(_account, out var db);
                callsBefore = await db.SalesActivities.CountAsync();
            }

            using var client = await ClientForAsync(visitor);
            foreach (var route in routes.OrderBy(r => r.Method == "POST").ThenBy(r => r.Key == "POST /sign-out"))
            {
                var outcome = await RequestAsync(client, route, withToken: true);
                var row = observed.TryGetValue(route.Key, out var r) ? r : observed[route.Key] = new Outcome[5];
                row[(int)visitor] = outcome;
            }

            if (visitor == Visitor.OtherAccountAdmin)
            {
                failures.AddRange(await TargetsChangedAsync(callsBefore));
            }
        }

        foreach (var (key, actual) in observed.Where(o => Expected.ContainsKey(o.Key)))
        {
            var expected = Expected[key];
            var wrong = Enum.GetValues<Visitor>().Where(v => expected[(int)v] != actual[(int)v]).ToList();
            if (wrong.Count > 0)
            {
                failures.Add($"{key}: " + string.Join(", ", wrong.Select(v => $"{v} got {actual[(int)v]}, expected {expected[(int)v]}")));
            }
        }

        // Without an antiforgery token, as the admin (who passes every authorization check, so the token is what stops it).
        using (var admin = await ClientForAsync(Visitor.Admin))
        {
            foreach (var route in routes.Where(r => r.Method == "POST" && r.Key != "POST /sign-out" && !NoAntiforgery.Contains(r.Key)).Append(routes.First(r => r.Key == "POST /sign-out")))
            {
                var response = await SendAsync(admin, route, withToken: false);
                if (response.StatusCode != HttpStatusCode.BadRequest)
                {
                    failures.Add($"{route.Key}: without an antiforgery token got {(int)response.StatusCode}, expected 400.");
                }
            }
        }

        Assert.True(failures.Count == 0,
            $"{failures.Count} differences in the authorization matrix ({routes.Count} requests per visitor):\n" + string.Join('\n', failures)
            + "\n\nObserved (anonymous, member, admin, other account's admin, deactivated):\n"
            + string.Join('\n', observed.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"[\"{o.Key}\"] = [{string.Join(", ", o.Value.Select(Short))}],")));
    }

    /// <summary>What another account's admin changed among this account's members and people (nothing, if isolation holds).</summary>
    private async Task<IEnumerable<string>> TargetsChangedAsync(int callsBefore)
    {
        await using var scope = App.CreateScope(_account, out var db);
        var statuses = await db.Members.Where(m => m.Email.StartsWith("target-")).Select(m => new { m.Email, m.Status }).ToListAsync();
        var calls = await db.SalesActivities.CountAsync();
        return statuses.Where(m => m.Status != MemberStatus.Active).Select(m => $"Another account's admin changed {m.Email} to {m.Status}.")
            .Concat(statuses.Count == 3 ? [] : [$"Another account's admin removed members: {3 - statuses.Count} targets are gone."])
            .Concat(calls == callsBefore ? [] : [$"Another account's admin logged {calls - callsBefore} calls on this account's person."]);
    }

    private static string Short(Outcome o) => o switch { A => "A", S => "S", D => "D", N => "N", _ => "Broken" };

    private sealed record Route(string Key, string Method, IReadOnlyList<string> Urls);

    /// <summary>Every page handler and endpoint of the app, with the seeded values for its route parameters.</summary>
    private async Task<List<Route>> RoutesAsync()
    {
        var loader = App.Services.GetRequiredService<PageLoader>();
        var routes = new List<Route>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods)
                {
                    var method = handler.HttpMethod.ToUpperInvariant();
                    var suffix = handler.Name is null ? "" : "?handler=" + handler.Name;
                    routes.Add(new Route($"{method} {template}{suffix}", method, [.. UrlsFor(template).Select(u => u + suffix)]));
                }
            }
            else
            {
                foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                {
                    routes.Add(new Route($"{method} {template}", method, UrlsFor(template)));
                }
            }
        }

        return [.. routes.DistinctBy(r => r.Key)];
    }

    private List<string> UrlsFor(string template)
    {
        var urls = new List<string> { template };
        foreach (Match parameter in RouteParameter().Matches(template))
        {
            var name = parameter.Groups["name"].Value;
            urls = name switch
            {
                "change" => [.. urls.SelectMany(u => new[] { "revoke", "deactivate", "delete" }.Select(c => u.Replace(parameter.Value, c, StringComparison.Ordinal).Replace("{memberId}", _memberFor[c], StringComparison.Ordinal)))],
                "memberId" => [.. urls.Select(u => u.Replace(parameter.Value, "{memberId}", StringComparison.Ordinal))],
                "marketoId" => [.. urls.Select(u => u.Replace(parameter.Value, PersonId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))],
                "id" => [.. urls.Select(u => u.Replace(parameter.Value, _importId.ToString(), StringComparison.Ordinal))],
                "token" => [.. urls.Select(u => u.Replace(parameter.Value, "not-a-real-hand-off-token", StringComparison.Ordinal))],
                "documentName" => [.. urls.Select(u => u.Replace(parameter.Value, "v1", StringComparison.Ordinal))],
                "destination" => [.. urls.SelectMany(u => new[] { "salesforce", "marketo" }.Select(d => u.Replace(parameter.Value, d, StringComparison.Ordinal)))],
                "accountId" => [.. urls.Select(u => u.Replace(parameter.Value, _account.ToString(), StringComparison.Ordinal))],
                "campaignId" => [.. urls.Select(u => u.Replace(parameter.Value, CampaignId.ToString(), StringComparison.Ordinal))],
                "templateId" => [.. urls.Select(u => u.Replace(parameter.Value, TemplateId.ToString(), StringComparison.Ordinal))],
                "index" => [.. urls.Select(u => u.Replace(parameter.Value, "0", StringComparison.Ordinal))],
                _ => throw new InvalidOperationException($"No seeded value for the route parameter {{{name}}} of {template}; add one in {nameof(UrlsFor)}."),
            };
        }

        return urls;
    }

    private async Task<HttpClient> ClientForAsync(Visitor visitor)
    {
        switch (visitor)
        {
            case Visitor.Anonymous:
                return App.CreateClient(new() { AllowAutoRedirect = false });
            case Visitor.OtherAccountAdmin:
                return await AccountSeeder.SignInAsync(App, "admin@elsewhere.example");
            case Visitor.Deactivated:
                var client = await AccountSeeder.SignInAsync(App, Email("deactivated"));
                await using (var scope = App.CreateScope(_account, out var db))
                {
                    await db.Members.Where(m => m.Email == Email("deactivated")).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MemberStatus.Deactivated));
                }

                return client;
            default:
                return await AccountSeeder.SignInAsync(App, Email(visitor == Visitor.Admin ? "admin" : "member"));
        }
    }

    private async Task<Outcome> RequestAsync(HttpClient client, Route route, bool withToken)
    {
        var outcomes = new List<Outcome>();
        foreach (var url in route.Urls)
        {
            outcomes.Add(Classify(await SendAsync(client, route with { Urls = [url] }, withToken)));
        }

        return outcomes.Distinct().Count() == 1 ? outcomes[0] : Outcome.Broken;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Route route, bool withToken)
    {
        var url = route.Urls[0];
        if (route.Method == "GET")
        {
            return await client.GetAsync(url);
        }

        var fields = new Dictionary<string, string>(Forms.GetValueOrDefault(route.Key) ?? []);
        if (withToken)
        {
            foreach (var page in new[] { "/settings/sign-in-methods", "/sign-in" })
            {
                using var answer = await client.GetAsync(page);
                var token = answer.IsSuccessStatusCode ? AccountSeeder.AntiforgeryTokenIn(await answer.Content.ReadAsStringAsync()) : "";
                if (token.Length > 0)
                {
                    fields["__RequestVerificationToken"] = token;
                    break;
                }
            }
        }

        return await client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), url) { Content = new FormUrlEncodedContent(fields) });
    }

    private static Outcome Classify(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : location;
        return (int)response.StatusCode switch
        {
            >= 500 => Outcome.Broken,
            403 => Outcome.Denied,
            404 => Outcome.NotFound,
            401 => Outcome.SignIn,
            302 or 303 when path.StartsWith("/sign-in?", StringComparison.OrdinalIgnoreCase) || path == "/sign-in" => Outcome.SignIn,
            302 or 303 when path.StartsWith("/access-denied", StringComparison.OrdinalIgnoreCase) => Outcome.Denied,
            _ => Outcome.Allowed,
        };
    }

    [GeneratedRegex("/users/import/(?<id>[0-9a-f-]{36})/")]
    private static partial Regex ImportId();

    [GeneratedRegex("""\{(?<name>[A-Za-z]+)(:[^{}]*(\{[^{}]*\}[^{}]*)*)?\}""")]
    private static partial Regex RouteParameter();
}
