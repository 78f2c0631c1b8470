using System.Net;
using BootstrapPortal.Tests.Shared;

namespace BootstrapPortal.Web.Tests.Hosting;

/// <summary>A kubeconfig that points at nothing: the portal stays up, says why, and is not ready.</summary>
public sealed class UnreachableClusterTests : IAsyncLifetime, IDisposable
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), "bp-unreachable-" + Guid.NewGuid().ToString("N") + ".yaml");
    private PortalServer _server = default!;
    private HttpClient _client = default!;

    public Task InitializeAsync()
    {
        // Port 1 on loopback: nothing listens, connections are refused at once.
        File.WriteAllText(_kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster:
                server: https://127.0.0.1:1
                insecure-skip-tls-verify: true
            users:
            - name: u
              user:
                token: abc
            contexts:
            - name: gone
              context:
                cluster: gone
                user: u
            current-context: gone
            """);
        _server = new PortalServer(new Dictionary<string, string?> { ["Kubernetes:Mode"] = "Kubeconfig", ["Kubernetes:KubeconfigPath"] = _kubeconfig });
        _client = new HttpClient { BaseAddress = _server.Start(), Timeout = TimeSpan.FromSeconds(30) };
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Healthy_but_not_ready_and_the_overview_shows_the_error()
    {
        using (var health = await _client.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using (var ready = await _client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string html;
        do
        {
            html = await _client.GetStringAsync(new Uri("/", UriKind.Relative));
            if (html.Contains("data-testid=\"state-error\"", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Contains("data-testid=\"state-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Cannot reach the cluster", html, StringComparison.Ordinal);
        Assert.Contains("data-state=\"Disconnected\"", html, StringComparison.Ordinal);

        var sectionHtml = await _client.GetStringAsync(new Uri("/csrs", UriKind.Relative));
        Assert.Contains("data-testid=\"state-error\"", sectionHtml, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _client?.Dispose();
        _server?.Dispose();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        File.Delete(_kubeconfig);
    }
}
