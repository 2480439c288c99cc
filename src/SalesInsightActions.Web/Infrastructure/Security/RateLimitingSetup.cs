using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SalesInsightActions.Web.Infrastructure.Security;

/// <summary>Section "RateLimiting": attempts per client address per minute on the pages attackers guess at.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Password, Salesforce and Microsoft sign-in posts. Account lockout still applies per member on top.</summary>
    [Range(1, 100_000)]
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Opening and submitting invitation links.</summary>
    [Range(1, 100_000)]
    public int AcceptPerMinute { get; set; } = 10;

    /// <summary>Invite box submissions (each one probes whether addresses can be invited).</summary>
    [Range(1, 100_000)]
    public int InvitePerMinute { get; set; } = 20;
}

public static class RateLimitingSetup
{
    /// <summary>
    /// One global limiter keyed by (group, client address), so the pages need no attributes and a new
    /// sign-in route is limited by adding its path here. Everything else passes unlimited.
    /// </summary>
    public static WebApplicationBuilder AddRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask; // the status code page explains it
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitingOptions>>().CurrentValue;
                var (group, permits) = Group(http.Request, limits);
                if (group is null)
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter($"{group}|{client}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return builder;
    }

    /// <summary>After routing and the status code pages, so a refusal is shown as a page that says what to do.</summary>
    public static WebApplication UseRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static (string? Group, int Permits) Group(HttpRequest request, RateLimitingOptions limits)
    {
        var path = request.Path.Value?.TrimEnd('/').ToLowerInvariant() ?? "";
        var post = HttpMethods.IsPost(request.Method);
        return path switch
        {
            "/sign-in" or "/sign-in/salesforce" or "/sign-in/entra" when post => ("sign-in", limits.SignInPerMinute),
            "/invitations/accept" => ("accept", limits.AcceptPerMinute),
            "/users/invite" when post => ("invite", limits.InvitePerMinute),
            _ => (null, 0),
        };
    }
}
