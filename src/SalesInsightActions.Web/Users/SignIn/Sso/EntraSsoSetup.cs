using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SalesInsightActions.Web.Infrastructure.Sandbox;

namespace SalesInsightActions.Web.Users.SignIn.Sso;

/// <summary>
/// "Sign in with Microsoft": Microsoft Entra ID through Microsoft.Identity.Web. The OpenID Connect result lands in
/// Identity's external cookie; <see cref="EntraCompleteModel"/> then matches the person to a member and signs them
/// in with the app's own Identity cookie. Registered only when AzureAd:ClientId is configured.
/// </summary>
public static class EntraSsoSetup
{
    public const string Scheme = "Entra";
    public const string ConfigurationSection = "AzureAd";

    public static WebApplicationBuilder AddEntraSso(this WebApplicationBuilder builder)
    {
        builder.Services.AddEntraSso(builder.Configuration, builder.Environment);
        return builder;
    }

    /// <summary>Idempotent, so a test host may call it whether or not Program.cs already did.</summary>
    public static IServiceCollection AddEntraSso(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(ConfigurationSection);
        if (string.IsNullOrWhiteSpace(section["ClientId"]) || services.Any(d => d.ServiceType == typeof(EntraMemberMatcher)))
        {
            return services;
        }

        if (string.IsNullOrWhiteSpace(section["ClientSecret"]))
        {
            throw new InvalidOperationException("AzureAd:ClientSecret is required when AzureAd:ClientId is set: Microsoft sign-in uses the authorization code flow with PKCE and the client secret.");
        }

        // Members are matched by email on their first Microsoft sign-in. With a multi-tenant authority any
        // tenant could assert any email, so only one specific directory (tenant id or domain) is accepted.
        var tenant = section["TenantId"];
        if (string.IsNullOrWhiteSpace(tenant) || tenant.Trim().ToLowerInvariant() is "common" or "organizations" or "consumers")
        {
            throw new InvalidOperationException("AzureAd:TenantId must name your organization's own Entra ID tenant (its id or domain); 'common', 'organizations' and 'consumers' would let any directory sign in as your members.");
        }

        services.AddSingleton<EntraMemberMatcher>();
        services.AddAuthentication()
            .AddMicrosoftIdentityWebApp(section, openIdConnectScheme: Scheme, cookieScheme: null, displayName: "Microsoft");

        var localIssuer = LocalIssuerBase(section, configuration, environment);
        services.Configure<OpenIdConnectOptions>(Scheme, options =>
        {
            // No cookie of its own: the app's Identity cookie is issued only after the member rules pass.
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.SaveTokens = false;
            // Code flow with PKCE and the client secret, whatever AzureAd:ResponseType says: no tokens in the front channel.
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            if (localIssuer is not null)
            {
                // Plain-http sandbox/test issuer only (docs/entra-sso-offline.md): the config key alone is ignored by
                // Identity.Web, and its AAD issuer validator would re-fetch metadata over https-only otherwise.
                options.RequireHttpsMetadata = false;
                options.TokenValidationParameters.ValidIssuer = localIssuer + "/{tenantid}/v2.0";
            }

            var previous = options.Events.OnRemoteFailure;
            options.Events.OnRemoteFailure = async context =>
            {
                await previous(context);
                if (context.Result is not { Handled: true })
                {
                    EntraRemoteFailure.Handle(context);
                }
            };
        });
        var sandbox = configuration.GetValue<bool>($"{SandboxOptions.Section}:{nameof(SandboxOptions.Enabled)}");
        if (localIssuer is not null && sandbox)
        {
            services.AddHttpContextAccessor();
            // After the OpenID Connect handler's own post-configuration, which creates the back-channel client.
            services.AddOptions<OpenIdConnectOptions>(Scheme).PostConfigure<IHttpContextAccessor>((options, http) =>
                options.ConfigurationManager = new SandboxEntraIssuer(http, new Uri(section["Instance"]!), tenant, options.Backchannel));
        }

        return services;
    }

    /// <summary>
    /// The issuer base ("http://host/sandbox") when the authority is plain http AND this is a sandbox,
    /// Development or Testing host; null otherwise, so production never relaxes https or issuer checks.
    /// </summary>
    internal static string? LocalIssuerBase(IConfigurationSection azureAd, IConfiguration configuration, IHostEnvironment environment)
    {
        var instance = azureAd["Instance"];
        if (!Uri.TryCreate(instance, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            return null;
        }

        var sandbox = configuration.GetValue<bool>($"{SandboxOptions.Section}:{nameof(SandboxOptions.Enabled)}");
        return sandbox || environment.IsDevelopment() || environment.IsEnvironment("Testing")
            ? instance!.TrimEnd('/')
            : null;
    }

    /// <summary>True when "Sign in with Microsoft" can be offered at all (checked per request by the sign-in page).</summary>
    public static async Task<bool> IsConfiguredAsync(IAuthenticationSchemeProvider schemes) =>
        await schemes.GetSchemeAsync(Scheme) is not null;
}
