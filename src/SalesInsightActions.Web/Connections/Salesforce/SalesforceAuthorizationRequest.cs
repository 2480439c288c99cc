namespace SalesInsightActions.Web.Connections.Salesforce;

/// <summary>
/// Where to send the browser, plus what the callback needs to finish: keep <see cref="State"/> and <see cref="CodeVerifier"/>
/// server-side (or in a protected cookie) and never log them.
/// </summary>
public sealed record SalesforceAuthorizationRequest(Uri AuthorizeUrl, string State, string CodeVerifier, Uri AuthorizationHost, Uri RedirectUri)
{
    public override string ToString() => $"SalesforceAuthorizationRequest {{ AuthorizationHost = {AuthorizationHost}, RedirectUri = {RedirectUri} }}";
}
