using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SalesInsightActions.Web.Connections.Marketo;

namespace SalesInsightActions.Tests.Connections.Marketo;

public sealed class MarketoErrorHandlingTests
{
    private const string TypesOk = """{"requestId":"ok","result":[{"id":1,"name":"Visit Webpage"}],"success":true}""";

    private static string Envelope(string code, string message) =>
        $$"""{"requestId":"e42b#14272d07d78","success":false,"errors":[{"code":"{{code}}","message":"{{message}}"}]}""";

    [Theory]
    [InlineData("604", "Request timed out")]
    [InlineData("606", "Max rate limit '100' exceeded with in '20' secs")]
    [InlineData("608", "API Temporarily Unavailable")]
    [InlineData("611", "System error")]
    [InlineData("614", "Invalid Subscription")]
    [InlineData("615", "Concurrent access limit reached")]
    [InlineData("713", "Transient Error")]
    public async Task Transient_codes_are_retried_until_success(string code, string message)
    {
        var calls = 0;
        var stub = MarketoTestHost.Stub(_ => Interlocked.Increment(ref calls) <= 2 ? StubHttpHandler.Json(Envelope(code, message)) : StubHttpHandler.Json(TypesOk));
        await using var provider = MarketoTestHost.Build(stub);

        var types = await provider.Client().GetActivityTypesAsync();

        Assert.Single(types);
        Assert.Equal(3, stub.CallsTo("/rest/").Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Http_5xx_is_retried_until_success(HttpStatusCode status)
    {
        var calls = 0;
        var stub = MarketoTestHost.Stub(_ => Interlocked.Increment(ref calls) == 1
            ? new HttpResponseMessage(status) { Content = new StringContent("<html>Bad Gateway</html>") }
            : StubHttpHandler.Json(TypesOk));
        await using var provider = MarketoTestHost.Build(stub);

        await provider.Client().GetActivityTypesAsync();

        Assert.Equal(2, stub.CallsTo("/rest/").Count);
    }

    [Fact]
    public async Task Transient_errors_give_up_after_the_configured_attempts_with_a_retry_classification()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(Envelope("604", "Request timed out")));
        await using var provider = MarketoTestHost.Build(stub, new() { ["Marketo:MaxRetryAttempts"] = "2" });

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => provider.Client().GetActivityTypesAsync());

        Assert.Equal(("604", MarketoErrorClassification.Retry), (error.ErrorCode, error.Classification));
        Assert.Equal(3, stub.CallsTo("/rest/").Count);
    }

    [Theory]
    [InlineData("603", "Access denied")]
    [InlineData("609", "Invalid JSON")]
    [InlineData("610", "Requested resource not found")]
    [InlineData("612", "Invalid Content Type")]
    [InlineData("1003", "Invalid value for filterType")]
    [InlineData("1004", "Lead not found")]
    [InlineData("1005", "Lead already exists")]
    [InlineData("1006", "Field 'foo' not found")]
    [InlineData("1007", "Multiple leads match the lookup criteria")]
    public async Task Permanent_codes_fail_at_once_with_a_fix_classification(string code, string message)
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(Envelope(code, message)));
        await using var provider = MarketoTestHost.Build(stub);

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => provider.Client().GetActivityTypesAsync());

        Assert.Equal((code, message, MarketoErrorClassification.Fix), (error.ErrorCode, error.ErrorMessage, error.Classification));
        Assert.Equal("e42b#14272d07d78", error.RequestId);
        Assert.Single(stub.CallsTo("/rest/"));
    }

    [Theory]
    [InlineData("Too many jobs in queue", MarketoErrorClassification.Retry)]
    [InlineData("Export daily quota exceeded", MarketoErrorClassification.StopUntilReset)]
    public async Task Bulk_queue_full_or_quota_used_is_not_retried_now(string message, MarketoErrorClassification expected)
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(Envelope("1029", message)));
        await using var provider = MarketoTestHost.Build(stub);

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => provider.Client().EnqueueLeadExportAsync("abc"));

        Assert.Equal(expected, error.Classification);
        Assert.Single(stub.CallsTo("/bulk/"));
    }

    [Fact]
    public async Task Daily_quota_reached_stops_every_later_call_until_central_midnight()
    {
        // 2026-03-07 23:30 UTC is 17:30 CST; the next reset is 2026-03-08 00:00 CST = 06:00 UTC.
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 7, 23, 30, 0, TimeSpan.Zero));
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(Envelope("607", "Daily quota reached")));
        await using var provider = MarketoTestHost.Build(stub, time: time);
        var client = provider.Client();

        var first = await Assert.ThrowsAsync<MarketoDailyQuotaExceededException>(() => client.GetActivityTypesAsync());
        var second = await Assert.ThrowsAsync<MarketoDailyQuotaExceededException>(() => client.GetActivityTypesAsync());

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 6, 0, 0, TimeSpan.Zero), first.ResetsAt);
        Assert.True(first.ReportedByMarketo);
        Assert.Equal(MarketoErrorClassification.StopUntilReset, first.Classification);
        Assert.Equal(first.ResetsAt, second.ResetsAt);
        Assert.Single(stub.CallsTo("/rest/"));

        // After the reset the subscription is called again.
        time.Set(new DateTimeOffset(2026, 3, 8, 6, 0, 1, TimeSpan.Zero));
        await Assert.ThrowsAsync<MarketoDailyQuotaExceededException>(() => client.GetActivityTypesAsync());
        Assert.Equal(2, stub.CallsTo("/rest/").Count);
    }

    [Fact]
    public async Task Local_daily_budget_stops_calls_before_marketo_would_say_607()
    {
        var stub = MarketoTestHost.Stub(_ => StubHttpHandler.Json(TypesOk));
        await using var provider = MarketoTestHost.Build(stub, new() { ["Marketo:DailyQuota"] = "10", ["Marketo:SafetyShare"] = "0.5" });
        var client = provider.Client();

        for (var i = 0; i < 5; i++)
        {
            await client.GetActivityTypesAsync();
        }

        var error = await Assert.ThrowsAsync<MarketoDailyQuotaExceededException>(() => client.GetActivityTypesAsync());

        Assert.False(error.ReportedByMarketo);
        Assert.Equal(5, stub.CallsTo("/rest/").Count);
        Assert.Single(stub.CallsTo("/identity/"));
    }

    [Fact]
    public async Task A_credential_check_client_tries_a_failing_call_once_where_the_ordinary_client_retries()
    {
        var stub = MarketoTestHost.Stub(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("<html>Unavailable</html>") });
        await using var provider = MarketoTestHost.Build(stub, new() { ["Marketo:MaxRetryAttempts"] = "4" });
        var factory = provider.GetRequiredService<IMarketoClientFactory>();

        var check = await Assert.ThrowsAsync<MarketoApiException>(() => factory.CreateForCredentialCheck(MarketoTestHost.Connection).GetUsersAsync());
        Assert.Equal(503, check.HttpStatus);
        Assert.Single(stub.CallsTo("/userservice/"));

        await Assert.ThrowsAsync<MarketoApiException>(() => factory.Create(MarketoTestHost.Connection).GetUsersAsync());
        Assert.Equal(1 + 5, stub.CallsTo("/userservice/").Count);
    }

    [Fact]
    public async Task A_credential_check_client_still_refreshes_a_rejected_token_once()
    {
        var calls = 0;
        var stub = MarketoTestHost.Stub(_ => Interlocked.Increment(ref calls) == 1
            ? StubHttpHandler.Json(Envelope("601", "Access token invalid"))
            : StubHttpHandler.Json(TypesOk));
        await using var provider = MarketoTestHost.Build(stub);

        await provider.GetRequiredService<IMarketoClientFactory>().CreateForCredentialCheck(MarketoTestHost.Connection).GetActivityTypesAsync();

        Assert.Equal(2, stub.CallsTo("/rest/").Count);
        Assert.Equal(2, stub.CallsTo("/identity/").Count);
    }
}
