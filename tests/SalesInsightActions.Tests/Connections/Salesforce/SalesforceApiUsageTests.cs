using SalesInsightActions.Web.Connections.Salesforce;

namespace SalesInsightActions.Tests.Connections.Salesforce;

public sealed class SalesforceApiUsageTests
{
    [Theory]
    [InlineData("api-usage=18/15000", 18L, 15000L)]
    [InlineData("api-usage=25/5000, per-app-api-usage=17/250(appName=sample-app)", 25L, 5000L)]
    public void Limit_info_header_is_parsed(string header, long used, long limit)
    {
        var usage = SalesforceApiUsage.Parse(header, DateTimeOffset.UnixEpoch);

        Assert.Equal((used, limit), (usage!.Used, usage.Limit));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("per-app-api-usage=17/250(appName=sample-app)")]
    public void Missing_or_foreign_limit_info_yields_nothing(string? header) =>
        Assert.Null(SalesforceApiUsage.Parse(header, DateTimeOffset.UnixEpoch));
}
