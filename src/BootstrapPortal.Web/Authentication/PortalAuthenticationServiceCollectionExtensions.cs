using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// Login and roles: validated <c>Authentication:OpenIdConnect</c> and <c>Authorization:Roles</c>; when an authority is set,
/// an OpenID Connect sign-in (authorization code + PKCE) with a cookie session for people and JWT bearer tokens from the same
/// authority for scripts; one authorization policy per API permission, decided from the one role table.
/// </summary>
public static class PortalAuthenticationServiceCollectionExtensions
{
    /// <summary>How long a browser session lasts without activity.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OpenIdConnectSettings>().Bind(configuration.GetSection(OpenIdConnectSettings.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpenIdConnectSettings>, OpenIdConnectSettingsValidator>();
        services.AddOptions<RoleMappingOptions>().Bind(configuration.GetSection(RoleMappingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoleMappingOptions>, RoleMappingOptionsValidator>();
        services.AddSingleton<PortalActorResolver>();
        services.AddScoped<CurrentActor>();
        services.AddSingleton<IAuthorizationHandler, PortalPermissionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, PortalAuthorizationResultHandler>();
        services.AddCascadingAuthenticationState();

        var loginConfigured = OpenIdConnectSettings.IsConfiguredIn(configuration);
        services.AddAuthorization(options =>
        {
            foreach (var policy in PortalPermissions.All)
            {
                options.AddPolicy(policy, p => p.AddRequirements(new PortalPermissionRequirement(PortalPermissions.PermissionFor(policy))));
            }

            options.AddPolicy(PortalAuthenticationTypes.SignedInPolicy, p =>
            {
                if (loginConfigured)
                {
                    p.RequireAuthenticatedUser();
                }
                else
                {
                    p.RequireAssertion(_ => true);
                }
            });
        });

        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = PortalAuthenticationTypes.DefaultScheme;
            o.DefaultChallengeScheme = PortalAuthenticationTypes.OpenIdConnectScheme;
        });
        if (!loginConfigured)
        {
            // Local mode: nobody signs in; the permission handler admits the local administrator on loopback.
            services.PostConfigure<AuthenticationOptions>(o => { o.DefaultScheme = null; o.DefaultChallengeScheme = null; });
            return services;
        }

        authentication
            .AddPolicyScheme(PortalAuthenticationTypes.DefaultScheme, "Cookie session or bearer token", o =>
                o.ForwardDefaultSelector = context => HasBearer(context.Request) ? PortalAuthenticationTypes.BearerScheme : PortalAuthenticationTypes.CookieScheme)
            .AddCookie(PortalAuthenticationTypes.CookieScheme, o =>
            {
                o.Cookie.Name = ".BootstrapPortal.Session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = SessionLifetime;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => RefuseNonPageAsync(context.HttpContext, context.Response, () => context.Response.Redirect(context.RedirectUri));
                o.Events.OnRedirectToAccessDenied = context => RefuseNonPageAsync(context.HttpContext, context.Response, () => context.Response.Redirect(context.RedirectUri));
            })
            .AddOpenIdConnect(PortalAuthenticationTypes.OpenIdConnectScheme, _ => { })
            .AddJwtBearer(PortalAuthenticationTypes.BearerScheme, _ => { });
        services.AddOptions<OpenIdConnectOptions>(PortalAuthenticationTypes.OpenIdConnectScheme).Configure<IOptions<OpenIdConnectSettings>>(ConfigureOpenIdConnect);
        services.AddOptions<JwtBearerOptions>(PortalAuthenticationTypes.BearerScheme).Configure<IOptions<OpenIdConnectSettings>>(ConfigureBearer);
        return services;
    }

    internal static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, IOptions<OpenIdConnectSettings> settings)
    {
        var s = settings.Value;
        o.Authority = s.Authority!.Trim();
        o.ClientId = s.ClientId;
        o.ClientSecret = OpenIdConnectSettingsValidator.ResolveClientSecret(s);
        o.RequireHttpsMetadata = s.RequireHttpsMetadata;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.SignInScheme = PortalAuthenticationTypes.CookieScheme;
        o.SaveTokens = true;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.Scope.Clear();
        foreach (var scope in s.ScopeList)
        {
            o.Scope.Add(scope);
        }

        o.TokenValidationParameters.NameClaimType = s.NameClaim;
        o.TokenValidationParameters.AuthenticationType = PortalAuthenticationTypes.Person;
        o.CallbackPath = "/signin-oidc";
        o.SignedOutCallbackPath = "/signout-callback-oidc";
        o.SignedOutRedirectUri = AuthenticationEndpoints.SignedOutPath;
        // The provider answers with a top-level GET redirect (response_mode=query), so Lax cookies come back with it; None
        // would need Secure and so break sign-in on a plain-http loopback address.
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.Events.OnRemoteFailure = context =>
        {
            // A failed or abandoned sign-in (stale state, an error from the provider) is a page, not a 500.
            context.HandleResponse();
            context.Response.Redirect(AuthenticationEndpoints.SignInFailedPath);
            return Task.CompletedTask;
        };
        o.Events.OnRedirectToIdentityProvider = context =>
        {
            // The API and the Blazor hub answer 401 instead of sending a script or a socket to the login page.
            if (!IsPage(context.HttpContext))
            {
                context.HandleResponse();
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }

            return Task.CompletedTask;
        };
    }

    private static void ConfigureBearer(JwtBearerOptions o, IOptions<OpenIdConnectSettings> settings)
    {
        var s = settings.Value;
        o.Authority = s.Authority!.Trim();
        o.Audience = s.EffectiveAudience;
        o.RequireHttpsMetadata = s.RequireHttpsMetadata;
        o.MapInboundClaims = false;
        o.TokenValidationParameters.ValidAudience = s.EffectiveAudience;
        o.TokenValidationParameters.NameClaimType = s.NameClaim;
        o.TokenValidationParameters.AuthenticationType = PortalAuthenticationTypes.Script;
        o.Events = new JwtBearerEvents
        {
            // The authorization result handler writes the 401 problem; the handler's own empty 401 is not sent.
            OnChallenge = context =>
            {
                if (RequestKinds.IsMachineClient(context.HttpContext))
                {
                    context.HandleResponse();
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }

                return Task.CompletedTask;
            },
        };
    }

    private static bool IsPage(HttpContext context) =>
        !RequestKinds.IsMachineClient(context) && !RequestKinds.IsBlazorHub(context.Request.Path);

    private static Task RefuseNonPageAsync(HttpContext context, HttpResponse response, Action redirect)
    {
        if (IsPage(context))
        {
            redirect();
        }
        else
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
        }

        return Task.CompletedTask;
    }
}
