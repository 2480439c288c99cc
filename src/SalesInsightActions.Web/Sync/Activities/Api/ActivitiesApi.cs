using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using SalesInsightActions.Web.Users.SignIn;

namespace SalesInsightActions.Web.Sync.Activities.Api;

/// <summary>Section "ActivitiesApi".</summary>
public sealed class ActivitiesApiOptions
{
    public const string Section = "ActivitiesApi";

    /// <summary>Calls per minute per token; more get 429 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 300;
}

/// <summary>
/// The HTTP API for other activity sources: personal API tokens (Bearer), OpenAPI at /api/openapi/v1.json, a rate
/// limit per token, and idempotency on the client's Idempotency-Key. Endpoints stay thin: <see cref="ActivityApiService"/>
/// decides, they translate its outcome into HTTP.
/// </summary>
public static class ActivitiesApi
{
    public const string Policy = "ApiMember";
    public const string RateLimitPolicy = "activities-api";
    private const string Document = "v1";

    public static WebApplicationBuilder AddActivitiesApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ActivitiesApiOptions>()
            .Bind(builder.Configuration.GetSection(ActivitiesApiOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<ApiTokenService>();
        builder.Services.AddScoped<ActivityApiService>();
        builder.Services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new ActiveMemberRequirement(AdminOnly: false)));
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy<string, PerTokenRateLimit>(RateLimitPolicy));
        builder.Services.AddOpenApi(Document, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Sales Insight Actions — activities API",
                    Version = "v1",
                    Description = "Post sales activities (emails, calls, campaign changes) for synced people. Each is stored at once and written to Marketo and Salesforce by the background service; GET shows where it has been written. Authenticate with a personal API token (Settings → My settings → API tokens) as a Bearer token; send a new Idempotency-Key per activity and the same one when retrying.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal API token, sia_…",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapActivitiesApi(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).RequireRateLimiting(RateLimitPolicy).WithTags("Activities");
        api.MapPost("/activities", PostAsync)
            .WithName("PostActivity")
            .WithSummary("Record a sales activity")
            .WithDescription("201 with the activity when new; 200 with the same activity when this Idempotency-Key was used before for the same activity (header Idempotent-Replayed: true); 422 when it was used for a different one.")
            // The body is described for OpenAPI only: Accepts<T>() would also make routing answer 415 to a wrong content
            // type before authorization runs, telling an anonymous caller about the endpoint ahead of its 401.
            .AddOpenApiOperationTransformer(async (operation, context, ct) =>
            {
                var document = context.Document ?? throw new InvalidOperationException("The OpenAPI document is being built without a document.");
                document.AddComponent(nameof(ActivityRequest), await context.GetOrCreateSchemaAsync(typeof(ActivityRequest), null, ct));
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(ActivityRequest), document) },
                    },
                };
            })
            .Produces<ActivityResponse>(StatusCodes.Status201Created)
            .Produces<ActivityResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/activities/{id:guid}", GetAsync)
            .WithName("GetActivity")
            .WithSummary("An activity you posted, with where it has been written")
            .Produces<ActivityResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> PostAsync(HttpContext http, ActivityApiService service, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
        {
            return Problem(l, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the activity as JSON (Content-Type: application/json).");
        }

        ActivityRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ActivityRequest>(http.Request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException e)
        {
            return Problem(l, StatusCodes.Status400BadRequest, "The body is not valid JSON", "The body could not be read as an activity: {0}", e.Message);
        }

        if (request is null)
        {
            return Problem(l, StatusCodes.Status400BadRequest, "The body is not valid JSON", "The body could not be read as an activity: {0}", "null");
        }

        var memberId = http.User.MemberId()!.Value;
        var result = await service.PostAsync(memberId, http.Request.Headers["Idempotency-Key"].ToString(), request, ct);
        switch (result.Outcome)
        {
            case ActivityApiOutcome.Created:
                return TypedResults.Created($"/api/v1/activities/{result.Activity!.Id}", result.Activity);
            case ActivityApiOutcome.Replayed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Ok(result.Activity);
            case ActivityApiOutcome.Invalid:
                return TypedResults.ValidationProblem(
                    result.Problems!.ToDictionary(p => p.Key, p => new[] { l[p.Value.Key, p.Value.Args].Value }),
                    title: l["The activity was not recorded: fix the fields below and send it again."]);
            case ActivityApiOutcome.PersonNotFound:
                return Problem(l, StatusCodes.Status404NotFound, "Person not found", "No synced person matches. People appear after the sync has read them from Marketo, and only those with a Salesforce owner are synced.");
            case ActivityApiOutcome.PersonAmbiguous:
                return Problem(l, StatusCodes.Status409Conflict, "Several people have this email address", "Several synced people have this email address (Marketo IDs {0}). Send personMarketoId instead.",
                    string.Join(", ", result.Candidates!.Select(c => c.ToString(CultureInfo.InvariantCulture))));
            default:
                return Problem(l, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key already used", "This Idempotency-Key was already used for another activity ({0}). Use a new key for each activity.", result.Activity!.Id);
        }
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, ActivityApiService service, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        await service.GetAsync(http.User.MemberId()!.Value, id, ct) is { } activity
            ? TypedResults.Ok(activity)
            : Problem(l, StatusCodes.Status404NotFound, "Activity not found", "You have posted no activity with this id.");

    private static ProblemHttpResult Problem(IStringLocalizer<SharedResource> l, int status, string title, string detail, params object[] args) =>
        TypedResults.Problem(title: l[title], detail: l[detail, args], statusCode: status);

    /// <summary>
    /// A fixed window per token (the hash of the Authorization header, so the token itself is never a dictionary key).
    /// The limiter runs before authentication, so a request without a token shares one partition per client address.
    /// </summary>
    private sealed class PerTokenRateLimit(IOptionsMonitor<ActivitiesApiOptions> options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, ct) =>
        {
            var http = context.HttpContext;
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            await Problem(l, StatusCodes.Status429TooManyRequests, "Too many requests", "This token sent too many requests. Wait {0} seconds, then send again.", retryAfter).ExecuteAsync(http);
        };

        public RateLimitPartition<string> GetPartition(HttpContext http)
        {
            var authorization = http.Request.Headers.Authorization.ToString();
            var key = authorization.Length > 0
                ? "token|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)))
                : "anonymous|" + http.Connection.RemoteIpAddress;
            var permits = options.CurrentValue.RequestsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        }
    }
}
