using System.Net;
using SalesInsightActions.Web.Connections.Marketo;

namespace SalesInsightActions.Tests.Connections.Marketo;

public sealed class MarketoUsersAndUsageContractTests
{
    [Fact]
    public async Task Usage_parses_daily_total_and_per_user_counts()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""
            {"requestId":"5f7f#17d7d8f2b6f","success":true,"result":[{"date":"2015-10-17","total":1120,
              "users":[{"userId":"some.body@yahoo.com","count":200},{"userId":"some.body@marketo.com","count":920}]}]}
            """));
        await using var provider = MarketoTestHost.Build(stub);

        var usage = await provider.Client().GetUsageAsync();

        Assert.Equal("/rest/v1/stats/usage.json", stub.CallsTo("/rest/").Single().Path);
        Assert.Equal(("2015-10-17", 1120L), (usage!.Date, usage.Total));
        Assert.Equal(920, usage.Users!.Single(u => u.UserId == "some.body@marketo.com").Count);
    }

    [Fact]
    public async Task Admin_users_come_from_the_bare_user_array_and_each_users_roles()
    {
        var stub = MarketoTestHost.Stub(call => call.Path switch
        {
            "/userservice/management/v1/users/allusers.json" => StubHttpHandler.Json("""
                [{"userid":"jamie@houselannister.com","firstName":"Jamie","lastName":"Lannister","emailAddress":"jamie@lannister.com","id":1,"apiOnly":false},
                 {"userid":"tyrion@houselannister.com","firstName":"Tyrion","lastName":"Lannister","emailAddress":"tyrion@lannister.com","id":2,"apiOnly":false},
                 {"userid":"api@1.com","firstName":"Api","lastName":"User","emailAddress":"api@1.com","id":3,"apiOnly":true}]
                """),
            "/userservice/management/v1/users/jamie%40houselannister.com/user.json" or "/userservice/management/v1/users/jamie@houselannister.com/user.json" => StubHttpHandler.Json("""
                {"userid":"jamie@houselannister.com","firstName":"Jamie","lastName":"Lannister","emailAddress":"jamie@lannister.com","optedIn":false,"failedLogins":0,
                 "failedDeviceCode":0,"isLocked":false,"lockedReason":null,"id":1,"apiOnly":false,
                 "userRoleWorkspaces":[{"accessRoleId":1,"accessRoleName":"Admin","workspaceId":0,"workspaceName":"AllZones"},
                                       {"accessRoleId":2,"accessRoleName":"Standard User","workspaceId":1008,"workspaceName":"World"}],
                 "expiresAt":"2020-12-31T08:00:00.000t+0000","lastLoginAt":"2020-02-05T01:02:23.000t+0000"}
                """),
            _ => StubHttpHandler.Json("""
                {"userid":"tyrion@houselannister.com","firstName":"Tyrion","lastName":"Lannister","emailAddress":"tyrion@lannister.com","id":2,"apiOnly":false,
                 "userRoleWorkspaces":[{"accessRoleId":2,"accessRoleName":"Standard User","workspaceId":1008,"workspaceName":"World"}]}
                """),
        });
        await using var provider = MarketoTestHost.Build(stub);

        var admins = await provider.Client().GetAdminUsersAsync();

        var admin = Assert.Single(admins);
        Assert.Equal(("jamie@houselannister.com", "jamie@lannister.com"), (admin.User.Userid, admin.User.EmailAddress));
        var list = Assert.Single(stub.CallsTo("allusers.json"));
        Assert.Equal(("0", "200"), (list.Query("pageOffset"), list.Query("pageSize")));
        Assert.Equal(2, stub.CallsTo("/user.json").Count);
        Assert.Equal(2, admin.Roles.Count);
        Assert.All(stub.CallsTo("/userservice/"), c => Assert.StartsWith("Bearer ", c.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public async Task User_management_error_with_integer_code_and_non_200_status_is_typed()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json("""{"errors":[{"code":603,"message":"Access denied"}]}""", HttpStatusCode.Forbidden));
        await using var provider = MarketoTestHost.Build(stub);

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => provider.Client().GetUsersAsync());

        Assert.Equal(("603", 403, MarketoErrorClassification.Fix), (error.ErrorCode, error.HttpStatus, error.Classification));
        Assert.Single(stub.CallsTo("allusers.json"));
    }
}
