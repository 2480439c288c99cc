using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.WebEncoders;

namespace SalesInsightActions.Web.Infrastructure.Localization;

public static class LocalizationSetup
{
    public const string English = "en";
    public const string SimplifiedChinese = "zh-Hans";

    public static readonly IReadOnlyList<CultureInfo> SupportedCultures =
        [new CultureInfo(English), new CultureInfo(SimplifiedChinese)];

    public static WebApplicationBuilder AddProductLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, CachedStringLocalizerFactory>());
        // Razor would otherwise write every Chinese character as a numeric entity.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(English);
            o.SupportedCultures = [.. SupportedCultures];
            o.SupportedUICultures = [.. SupportedCultures];
            o.FallBackToParentCultures = true; // zh-CN / zh-SG -> zh-Hans
            o.FallBackToParentUICultures = true;
            o.ApplyCurrentCultureToResponseHeaders = true;
            // The switcher's cookie wins over the browser's Accept-Language.
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    public static WebApplication UseProductLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }
}
