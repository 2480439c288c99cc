namespace SalesInsightActions.Web.Users.Invitations;

/// <summary>Builds the "Get Started" link for a token from the request the invite was made in.</summary>
public static class InvitationLinks
{
    public static Func<string, Uri> For(HttpRequest request) =>
        token => new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/invitations/accept?token={Uri.EscapeDataString(token)}");
}
