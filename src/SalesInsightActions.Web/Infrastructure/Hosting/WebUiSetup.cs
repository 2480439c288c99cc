using System.IO.Compression;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace SalesInsightActions.Web.Infrastructure.Hosting;

public static class WebUiSetup
{
    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRazorPages(o =>
            {
                // Pages live next to the code of their capability (Onboarding/, Users/, ...), not in a Pages/ folder.
                o.RootDirectory = "/";
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o =>
                o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

        // HTML and JSON compressed over HTTPS too. BREACH needs a secret that stays the same across responses next to
        // reflected input; the only secret in our pages is the antiforgery request token, which Data Protection
        // encrypts afresh for every response (random key modifier and IV), so there is nothing stable to guess.
        // Pages must never print a stable secret (API keys, tokens): SecretProtector keeps them server-side.
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["image/svg+xml"]);
        });
        // Fastest: on a small machine CPU is scarcer than the few percent of bytes a higher level saves.
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return builder;
    }

    /// <summary>A year: a versioned URL (asp-append-version's ?v=content hash) names one content forever.</summary>
    public const string VersionedStaticCacheControl = "public, max-age=31536000, immutable";

    public static WebApplication UseWebUi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        app.UseResponseCompression();
        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                // Unversioned URLs revalidate (ETag/Last-Modified), so a deploy shows at once.
                context.Context.Response.Headers[HeaderNames.CacheControl] =
                    context.Context.Request.Query.ContainsKey("v") ? VersionedStaticCacheControl : "no-cache";
            },
        });
        app.UseRouting();
        return app;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }

    /// <summary>Says where to point the browser once Kestrel listens.</summary>
    public static WebApplication LogUrlsToOpen(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                app.Logger.LogInformation("Sales Insight Actions is running. Open {Url} in your browser", address.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost"));
            }
        });
        return app;
    }
}
