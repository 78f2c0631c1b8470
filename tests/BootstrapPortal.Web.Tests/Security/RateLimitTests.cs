using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Tests.Api;
using BootstrapPortal.Web.Tests.Hosting;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Security;

/// <summary>A portal that lets each actor mint two credentials an hour.</summary>
public sealed class TightRateLimitFixture() : SandboxPortalFixture(new Dictionary<string, string?>
{
    ["Sandbox:Nodes"] = "0",
    ["Security:MintingRateLimit:PermitLimit"] = "2",
    ["Security:MintingRateLimit:Window"] = "01:00:00",
});

/// <summary>The minting endpoints share one window per actor (without login: per client address); reads are not limited.</summary>
public sealed class RateLimitTests(TightRateLimitFixture fixture) : IClassFixture<TightRateLimitFixture>
{
    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private async Task<int> CountPortalTokens()
    {
        using var admin = new Kubernetes(fixture.Server.Services.GetRequiredService<SandboxClusterHost>().Cluster.CreateAdminConfiguration());
        var list = await admin.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=bootstrap.kubernetes.io/token",
            labelSelector: "app.kubernetes.io/managed-by=bootstrap-portal");
        return list.Items.Count;
    }

    /// <summary>A client whose connections come from <paramref name="local"/> (another loopback address: another actor).</summary>
    private HttpClient ClientFrom(IPAddress local) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = fixture.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task The_third_credential_in_the_window_is_a_429_problem_with_retry_after_and_mints_nothing()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using var client = ClientFrom(IPAddress.Parse("127.0.0.3"));
        var before = await CountPortalTokens();

        using (var first = await client.PostAsJsonAsync(Relative("/api/v1/bootstrap-tokens"), new { ttl = "1h" }))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using (var empty = ApiRequests.EmptyJson())
        using (var second = await client.PostAsync(Relative("/api/v1/nodes/limited-node/bootstrap-kubeconfig"), empty))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        foreach (var third in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.PostAsJsonAsync(Relative("/api/v1/bootstrap-tokens"), new { ttl = "1h" }),
            () => client.PostAsync(Relative("/api/v1/nodes/limited-node-2/bootstrap-kubeconfig"), ApiRequests.EmptyJson()),
        })
        {
            using var refused = await third();
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
            Assert.Contains("Security:MintingRateLimit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before + 2, await CountPortalTokens());

        // Reads are not limited, and another client address has its own window.
        using (var list = await client.GetAsync(Relative("/api/v1/bootstrap-tokens")))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using var other = ClientFrom(IPAddress.Parse("127.0.0.4"));
        using var theirs = await other.PostAsJsonAsync(Relative("/api/v1/bootstrap-tokens"), new { ttl = "1h" });
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
    }
}
