namespace SalesInsightActions.Web.Infrastructure.Security;

public static class SecurityHeadersSetup
{
    /// <summary>
    /// Scripts and styles only from our own files (no inline code, so injected markup cannot run),
    /// never framed (clickjacking), no MIME sniffing, and no URL with an invitation token leaks to
    /// other sites through Referer. Set before anything writes the response, so error pages,
    /// redirects and static files carry them too.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>
    /// After the sandbox branch: the simulators stand in for the vendors' own sites (Entra's form_post
    /// page auto-submits with inline script, as the real one does), so the product's policy is not theirs.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return next(context);
        });
        return app;
    }
}
