using System.Net.Http.Headers;
using System.Text;

using Microsoft.AspNetCore.Http;

namespace SalesInsightActions.Simulators;

/// <summary>
/// Client authentication at an OAuth token endpoint: HTTP Basic (RFC 6749 2.3.1, form-url-encoded parts)
/// or client_id/client_secret in the form body; both Salesforce and Entra accept either.
/// </summary>
internal static class OAuthClientCredentials
{
    public static (string? ClientId, string? ClientSecret) Read(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out AuthenticationHeaderValue? header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is not null)
        {
            try
            {
                string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
                int colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
        string clientId = form["client_id"].ToString();
        string clientSecret = form["client_secret"].ToString();
        return (clientId.Length == 0 ? null : clientId, clientSecret.Length == 0 ? null : clientSecret);
    }
}
