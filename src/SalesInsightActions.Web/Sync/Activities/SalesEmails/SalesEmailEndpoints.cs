using System.Text;
using Microsoft.AspNetCore.Http.Features;
using System.Net.Http.Headers;

namespace SalesInsightActions.Web.Sync.Activities.SalesEmails;

/// <summary>
/// The anonymous routes of sales emails: the open pixel, tracked links and the inbound-mail webhook. Each request
/// works in a DI scope of its own, because the account is the one its token or secret proves, not the visitor's.
/// </summary>
public static class SalesEmailEndpoints
{
    public const long MaxInboundBytes = 25 * 1024 * 1024;

    /// <summary>A transparent 1×1 GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapSalesEmails(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/email/{token}/open.gif", [HttpMethods.Get, HttpMethods.Head], OpenAsync).AllowAnonymous();
        app.MapMethods("/email/{token}/link/{index:int}", [HttpMethods.Get, HttpMethods.Head], ClickAsync).AllowAnonymous();
        app.MapPost("/webhooks/inbound-mail/{accountId:guid}", InboundAsync).AllowAnonymous().DisableAntiforgery();
        // RFC 8058: the mail client posts "List-Unsubscribe=One-Click" here with no cookies and no page in between.
        app.MapPost("/email/{token}/unsubscribe/one-click", OneClickUnsubscribeAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> OpenAsync(string token, HttpContext http, IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SalesEmailTracking>().RecordOpenAsync(token, Hit(http), ct);
        }

        // The same pixel whatever the token: an unknown token tells a prober nothing.
        http.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, private";
        return Results.File(Pixel, "image/gif");
    }

    private static async Task<IResult> ClickAsync(string token, int index, HttpContext http, IServiceScopeFactory scopes, CancellationToken ct)
    {
        string? url;
        await using (var scope = scopes.CreateAsyncScope())
        {
            url = await scope.ServiceProvider.GetRequiredService<SalesEmailTracking>().RecordClickAsync(token, index, Hit(http), ct);
        }

        http.Response.Headers.CacheControl = "no-store, private";
        // Only to a link that was in the sent email: never an address from the request (no open redirect).
        return url is null ? Results.NotFound() : Results.Redirect(url);
    }

    private static async Task<IResult> InboundAsync(Guid accountId, HttpContext http, IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (!await services.GetRequiredService<InboundMailSecrets>().VerifyAsync(accountId, PresentedSecret(http.Request), ct))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"inbound-mail\"";
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized",
                "The webhook secret is missing or wrong. Send the account's secret (Settings → Admin Settings → Reply and bounce webhook) as the password of HTTP Basic authentication, or as a Bearer token.");
        }

        if (http.Request.ContentLength > MaxInboundBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Too large", "The message is larger than 25 MB. Configure the mail provider to leave attachments out.");
        }

        if (!http.Request.HasFormContentType)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Post the message as multipart/form-data or application/x-www-form-urlencoded, as mail providers' inbound parse does.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxInboundBytes;
        }

        Dictionary<string, string> fields;
        try
        {
            var form = await http.Request.ReadFormAsync(ct);
            fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException or DecoderFallbackException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unreadable form", "The request body is not a readable form. Post the message as your mail provider's inbound parse sends it.");
        }

        var (message, problem) = InboundMessage.Parse(fields);
        if (message is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing field", problem!);
        }

        var result = await services.GetRequiredService<InboundMail>().ReceiveAsync(message, ct);
        return Results.Ok(new { outcome = result.Outcome.ToString(), activity = result.Kind is { } kind ? SalesActivityKinds.Label(kind) : null });
    }

    private static async Task<IResult> OneClickUnsubscribeAsync(string token, IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<EmailOptOuts>().UnsubscribeAsync(token, EmailOptOutSource.OneClick, ct);
        // A repeat is still a success for the mail client; an unknown token is simply not found.
        return result == UnsubscribeResult.UnknownLink ? Results.NotFound() : Results.Ok();
    }

    private static TrackingHit Hit(HttpContext http) =>
        new(HttpMethods.IsHead(http.Request.Method), http.Request.Headers.UserAgent.ToString());

    /// <summary>The secret as HTTP Basic's password (how inbound-parse providers send credentials in the URL) or a Bearer token.</summary>
    private static string? PresentedSecret(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) || header.Parameter is null)
        {
            return null;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return header.Parameter;
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IResult Problem(int status, string title, string detail) => Results.Problem(detail, statusCode: status, title: title);
}
