using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

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
        return builder;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        app.UseStaticFiles();
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
