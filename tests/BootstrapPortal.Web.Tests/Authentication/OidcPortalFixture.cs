using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using BootstrapPortal.Tests.Shared;

namespace BootstrapPortal.Web.Tests.Authentication;

/// <summary>
/// The portal with login configured against a real OpenID Connect provider hosted by the test process (OpenIddict on
/// loopback), on the embedded sandbox. Subclasses add settings (e.g. impersonation).
/// </summary>
public class OidcPortalFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public TestIdentityProvider Provider { get; private set; } = default!;

    public PortalServer Server { get; private set; } = default!;

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>A client that sends no credentials and follows no redirects.</summary>
    public HttpClient Anonymous { get; private set; } = default!;

    protected virtual IDictionary<string, string?> ExtraSettings() => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        var settings = Provider.PortalSettings();
        settings["Sandbox:Nodes"] = "1";
        settings["Sandbox:DemoMisfits"] = "false";
        foreach (var (key, value) in ExtraSettings())
        {
            settings[key] = value;
        }

        Server = new PortalServer(settings);
        BaseAddress = Server.Start();
        await Provider.RegisterPortalAsync(BaseAddress);
        Anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            using var ready = await Anonymous.GetAsync(new Uri("/readyz", UriKind.Relative), cts.Token);
            if (ready.IsSuccessStatusCode)
            {
                break;
            }

            await Task.Delay(200, cts.Token);
        }
    }

    /// <summary>A bearer token for one of <see cref="TestIdentityProvider.Scripts"/> (fetched once per client).</summary>
    public async Task<string> TokenAsync(string script)
    {
        if (_tokens.TryGetValue(script, out var token))
        {
            return token;
        }

        token = await Provider.TokenForScriptAsync(script);
        _tokens[script] = token;
        return token;
    }

    /// <summary>A client that sends <paramref name="script"/>'s bearer token.</summary>
    public async Task<HttpClient> ScriptClientAsync(string script)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(script));
        return client;
    }

    /// <summary>Signs <paramref name="username"/> in through the provider's login form, as a browser would; returns the session's client.</summary>
    public async Task<HttpClient> SignInAsync(string username)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var login = await client.GetAsync(new Uri("/auth/sign-in?returnUrl=/healthz", UriKind.Relative));
        Assert.Equal(Provider.Issuer.Authority, login.RequestMessage!.RequestUri!.Authority);
        Assert.Equal("/login", login.RequestMessage.RequestUri.AbsolutePath);
        var returnUrl = System.Web.HttpUtility.ParseQueryString(login.RequestMessage.RequestUri.Query)["ReturnUrl"]!;
        using var done = await client.PostAsync(new Uri(Provider.Issuer, "/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = TestIdentityProvider.Password,
            ["returnUrl"] = returnUrl,
        }));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(new Uri(BaseAddress, "/healthz"), done.RequestMessage!.RequestUri);
        return client;
    }

    public async Task DisposeAsync()
    {
        Anonymous.Dispose();
        await Server.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
