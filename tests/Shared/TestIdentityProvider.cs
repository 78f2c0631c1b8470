using System.Collections.Immutable;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BootstrapPortal.Tests.Shared;

/// <summary>
/// A real OpenID Connect provider for tests (OpenIddict), on a loopback Kestrel port: authorization code + PKCE for the
/// portal's sign-in with a login form and a user store with groups, client credentials for script bearer tokens (JWT,
/// audience <see cref="Audience"/>), and end-session. Shared by the Web and Browser test projects (linked source).
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string PortalClientId = "bootstrapportal";
    public const string PortalClientSecret = "portal-client-secret-for-tests";
    public const string Audience = PortalClientId;
    public const string Password = "correct horse";
    public const string AdminGroup = "portal-admins";
    public const string ApproverGroup = "portal-approvers";
    public const string ViewerGroup = "portal-viewers";
    public const string ProvisionerGroup = "portal-provisioners";

    /// <summary>People who can sign in (all with <see cref="Password"/>) and their groups.</summary>
    public static IReadOnlyDictionary<string, TestUser> Users { get; } = new Dictionary<string, TestUser>(StringComparer.Ordinal)
    {
        ["alice"] = new("alice", "Alice Admin", "alice@example.test", [AdminGroup]),
        ["anna"] = new("anna", "Anna Approver", "anna@example.test", [ApproverGroup]),
        ["victor"] = new("victor", "Victor Viewer", "victor@example.test", [ViewerGroup, "staff"]),
        ["pat"] = new("pat", "Pat Provisioner", "pat@example.test", [ProvisionerGroup]),
        ["nora"] = new("nora", "Nora Nobody", "nora@example.test", ["staff"]),
    };

    /// <summary>Script clients for bearer tokens (client id = secret = the key) and the groups their tokens carry.</summary>
    public static IReadOnlyDictionary<string, string[]> Scripts { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["script-none"] = ["staff"],
        ["script-viewer"] = [ViewerGroup],
        ["script-approver"] = [ApproverGroup],
        ["script-admin"] = [AdminGroup],
        ["script-provisioner"] = [ProvisionerGroup],
    };

    /// <summary>
    /// The portal settings that point login at this provider, with the four role groups mapped, and the portal's own name
    /// (with login, only <c>Security:AllowedHosts</c> are served; the test portal is reached as 127.0.0.1).
    /// </summary>
    public IDictionary<string, string?> PortalSettings() => new Dictionary<string, string?>
    {
        ["Security:AllowedHosts:0"] = "127.0.0.1",
        ["Authentication:OpenIdConnect:Authority"] = Issuer.ToString(),
        ["Authentication:OpenIdConnect:ClientId"] = PortalClientId,
        ["Authentication:OpenIdConnect:ClientSecret"] = PortalClientSecret,
        ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
        ["Authorization:Roles:Admin:0"] = AdminGroup,
        ["Authorization:Roles:Approver:0"] = ApproverGroup,
        ["Authorization:Roles:Viewer:0"] = ViewerGroup,
        ["Authorization:Roles:Provisioner:0"] = ProvisionerGroup,
    };

    private readonly SqliteConnection _database = new("Data Source=:memory:");
    private WebApplication? _app;

    public Uri Issuer { get; private set; } = default!;

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider();
        await provider.StartCoreAsync();
        return provider;
    }

    /// <summary>Lets the portal at <paramref name="portal"/> sign people in here (its redirect URIs are known once it listens).</summary>
    public async Task RegisterPortalAsync(Uri portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        await using var scope = _app!.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await manager.FindByClientIdAsync(PortalClientId) is { } existing)
        {
            await manager.DeleteAsync(existing);
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = PortalClientId,
            ClientSecret = PortalClientSecret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "BootstrapPortal",
            RedirectUris = { new Uri(portal, "/signin-oidc") },
            PostLogoutRedirectUris = { new Uri(portal, "/signout-callback-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        await manager.CreateAsync(descriptor);
    }

    /// <summary>A bearer token (JWT access token for the portal's audience) for one of <see cref="Scripts"/>.</summary>
    public async Task<string> TokenForScriptAsync(string clientId)
    {
        using var http = new HttpClient { BaseAddress = Issuer, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.ClientCredentials,
            ["client_id"] = clientId,
            ["client_secret"] = clientId,
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The test provider refused a token for {clientId}: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private async Task StartCoreAsync()
    {
        await _database.OpenAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddDbContext<ProviderDbContext>(o => o.UseSqlite(_database).UseOpenIddict());
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = ".TestProvider.Login";
                o.LoginPath = "/login";
            });
        builder.Services.AddAuthorization();
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowClientCredentialsFlow();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/login", (string? returnUrl) => Results.Content(LoginPage(returnUrl, error: false), "text/html; charset=utf-8"));
        app.MapPost("/login", (Delegate)LoginAsync);
        app.MapMethods("connect/authorize", ["GET", "POST"], (Delegate)AuthorizeAsync);
        app.MapPost("connect/token", (Delegate)TokenAsync);
        app.MapMethods("connect/logout", ["GET", "POST"], (Delegate)LogoutAsync);
        await app.StartAsync();
        _app = app;
        Issuer = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProviderDbContext>().Database.EnsureCreatedAsync();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in Scripts.Keys)
        {
            await manager.CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = client,
                ClientSecret = client,
                ClientType = ClientTypes.Confidential,
                DisplayName = client,
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            });
        }
    }

    private static async Task<IResult> LoginAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        if (!Users.TryGetValue(form["username"].ToString(), out var user) || form["password"].ToString() != Password)
        {
            return Results.Content(LoginPage(returnUrl, error: true), "text/html; charset=utf-8", statusCode: StatusCodes.Status200OK);
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Username)], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var login = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!login.Succeeded || login.Principal.Identity?.Name is not { } name || !Users.TryGetValue(name, out var user))
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + http.Request.QueryString },
                [CookieAuthenticationDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, "sub-" + user.Username)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.PreferredUsername, user.Username)
            .SetClaim(Claims.Email, user.Email)
            .SetClaims("groups", [.. user.Groups]);
        identity.SetScopes(request.GetScopes());
        identity.SetResources(Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsAuthorizationCodeGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return Results.SignIn(result.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsClientCredentialsGrantType() && request.ClientId is { } clientId && Scripts.TryGetValue(clientId, out var groups))
        {
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.PreferredUsername, clientId).SetClaims("groups", [.. groups]);
            identity.SetResources(Audience);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static string LoginPage(string? returnUrl, bool error) =>
        "<!DOCTYPE html><html><head><title>Test identity provider</title></head><body><h1>Sign in to the test provider</h1>" +
        (error ? "<p id=\"login-error\">Wrong user name or password.</p>" : string.Empty) +
        "<form method=\"post\" action=\"/login\">" +
        $"<input type=\"hidden\" name=\"returnUrl\" value=\"{WebUtility.HtmlEncode(returnUrl ?? "/")}\">" +
        "<label>User <input id=\"username\" name=\"username\"></label> <label>Password <input id=\"password\" name=\"password\" type=\"password\"></label>" +
        "<button id=\"login-submit\" type=\"submit\">Sign in</button></form></body></html>";

    /// <summary>The provider's store: OpenIddict's entities only.</summary>
    private sealed class ProviderDbContext(DbContextOptions<ProviderDbContext> options) : DbContext(options);
}

/// <summary>A person of the test provider.</summary>
public sealed record TestUser(string Username, string DisplayName, string Email, ImmutableArray<string> Groups);
