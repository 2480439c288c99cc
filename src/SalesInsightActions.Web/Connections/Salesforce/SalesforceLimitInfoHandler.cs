namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>Reads <c>Sforce-Limit-Info</c> from every response, success or not.</summary>
internal sealed class SalesforceLimitInfoHandler(SalesforceApiUsageTracker tracker, TimeProvider timeProvider) : DelegatingHandler
{
    private const string HeaderName = "Sforce-Limit-Info";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.RequestUri is not null
            && response.Headers.TryGetValues(HeaderName, out var values)
            && SalesforceApiUsage.Parse(string.Join(',', values), timeProvider.GetUtcNow()) is { } usage)
        {
            tracker.Record(request.RequestUri, usage);
        }

        return response;
    }
}
