using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Users.Invitations;

/// <summary>Builds the "Get Started" link for a token: from Invitations:PublicBaseUrl, else from the request the invite was made in.</summary>
public static class InvitationLinks
{
    public static Func<string, Uri> For(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptions<InvitationOptions>>().Value.PublicBaseUrl;
        var baseUrl = string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : configured.TrimEnd('/');
        return token => new Uri($"{baseUrl}/invitations/accept?token={Uri.EscapeDataString(token)}");
    }
}
