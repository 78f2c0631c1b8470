using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Security;
using BootstrapPortal.Web.Tests.Api;
using BootstrapPortal.Web.Tests.Hosting;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Security;

/// <summary>
/// What a foreign web page can make a browser send, against every state-changing endpoint and Blazor's hub, over real
/// Kestrel and the sandbox: a DNS-rebinding Host, a foreign Origin, <c>Sec-Fetch-Site</c> of another site, and the "simple"
/// requests that need no CORS preflight. Each is refused and changes nothing; the same call made properly then succeeds,
/// so the test would notice a rule that refused everything.
/// </summary>
public sealed class CrossSiteTests(SandboxPortalFixture fixture) : IClassFixture<SandboxPortalFixture>
{
    private const string TestSigner = "example.com/cross-site-test";

    /// <summary>One way a foreign page can shape a request, and the status the portal must answer.</summary>
    public sealed record Attack(string Name, int Status, Action<HttpRequestMessage, int> Shape, string? ContentType);

    private static readonly Attack[] Attacks =
    [
        new("DNS-rebinding Host", 400, (r, port) =>
        {
            r.Headers.Host = $"evil.example:{port}";
            r.Headers.Add("Origin", $"http://evil.example:{port}");
        }, "application/json"),
        new("foreign Origin", 403, (r, _) => r.Headers.Add("Origin", "http://evil.example"), "application/json"),
        new("another loopback origin", 403, (r, port) => r.Headers.Add("Origin", $"http://localhost:{port + 1}"), "application/json"),
        new("Origin null", 403, (r, _) => r.Headers.Add("Origin", "null"), "application/json"),
        new("Sec-Fetch-Site cross-site", 403, (r, _) => r.Headers.Add("Sec-Fetch-Site", "cross-site"), "application/json"),
        new("Sec-Fetch-Site same-site", 403, (r, _) => r.Headers.Add("Sec-Fetch-Site", "same-site"), "application/json"),
        new("simple: no Content-Type", 415, (_, _) => { }, null),
        new("simple: text/plain", 415, (_, _) => { }, "text/plain"),
        new("simple: form", 415, (_, _) => { }, "application/x-www-form-urlencoded"),
        new("simple: multipart form", 415, (_, _) => { }, "multipart/form-data; boundary=x"),
    ];

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private int Port => fixture.BaseAddress.Port;

    private Kubernetes Admin() =>
        new(fixture.Server.Services.GetRequiredService<SandboxClusterHost>().Cluster.CreateAdminConfiguration());

    private static HttpRequestMessage Build(HttpMethod method, string path, string body, string? contentType)
    {
        var request = new HttpRequestMessage(method, Relative(path));
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = null;
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        request.Content = content;
        return request;
    }

    /// <summary>Everything the endpoints could change: the portal's tokens (names and expirations) and the test CSRs' conditions.</summary>
    private async Task<string> SnapshotAsync(params string[] csrNames)
    {
        using var admin = Admin();
        var secrets = await admin.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=bootstrap.kubernetes.io/token",
            labelSelector: "app.kubernetes.io/managed-by=bootstrap-portal");
        var tokens = secrets.Items
            .Select(s => s.Metadata.Name + "=" + (s.Data is { } d && d.TryGetValue("expiration", out var e) ? Encoding.UTF8.GetString(e) : "-"))
            .Order(StringComparer.Ordinal);
        var csrs = new List<string>();
        foreach (var name in csrNames)
        {
            var csr = await admin.CertificatesV1.ReadCertificateSigningRequestAsync(name);
            csrs.Add(name + ":" + string.Join(',', csr.Status?.Conditions?.Select(c => c.Type) ?? []));
        }

        return string.Join('\n', tokens.Concat(csrs));
    }

    private async Task<string> CreatePendingCsrAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("O=test, CN=cross-site"), key, HashAlgorithmName.SHA256);
        using var admin = Admin();
        var created = await admin.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-xsite-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = TestSigner,
                Usages = ["digital signature", "client auth"],
            },
        });
        return created.Metadata.Name;
    }

    private async Task WaitUntilCachedAsync(string csrName)
    {
        for (var i = 0; i < 300; i++)
        {
            using var response = await fixture.Client.GetAsync(Relative("/api/v1/csrs/" + csrName));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The portal's cache never listed " + csrName);
    }

    private async Task<string> CreateTokenAsync()
    {
        using var created = await fixture.Client.PostAsJsonAsync(Relative("/api/v1/bootstrap-tokens"), new { ttl = "2h", description = "cross-site target" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The routes <see cref="Every_state_changing_endpoint_refuses_every_cross_site_shape_and_changes_nothing"/> calls.</summary>
    private static readonly string[] TestedRoutes =
    [
        "POST /api/v1/bootstrap-tokens", "POST /api/v1/bootstrap-tokens/{id}/extend", "DELETE /api/v1/bootstrap-tokens/{id}",
        "POST /api/v1/nodes/{nodeName}/bootstrap-kubeconfig", "POST /api/v1/csrs/{name}/approve", "POST /api/v1/csrs/{name}/deny",
        "POST /api/v1/csrs/approve",
        "POST /api/v1/rbac/bootstrap-checklist/fix", "PUT /api/v1/policy/serving", "POST /api/v1/policy/serving/dry-run",
    ];

    /// <summary>
    /// State-changing calls tested with bodies their handlers refuse as invalid (nothing may change in a shared sandbox that
    /// other tests read): made properly, they must reach the handler, whose 400 names the field; cross-site, the request
    /// rules refuse them first.
    /// </summary>
    private static readonly (string Name, HttpMethod Method, string Path, string Body, string Field)[] ReachOnly =
    [
        ("fix RBAC", HttpMethod.Post, "/api/v1/rbac/bootstrap-checklist/fix", """{"requirements":["no-such-requirement"]}""", "requirements"),
        ("save serving policy", HttpMethod.Put, "/api/v1/policy/serving", "{}", "policy"),
        ("dry-run serving policy", HttpMethod.Post, "/api/v1/policy/serving/dry-run", """{"policy":7}""", "policy"),
    ];

    [Fact]
    public void The_endpoints_tested_are_every_state_changing_route_of_the_api()
    {
        // A state-changing endpoint mapped later fails here until the cross-site test calls it too.
        var mapped = ApiRoutes.Endpoints(fixture.Server.Services)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Where(RequestKinds.IsStateChanging)
                .Select(m => m + " " + e.RoutePattern.RawText))
            .Order(StringComparer.Ordinal);
        Assert.Equal(TestedRoutes.Order(StringComparer.Ordinal), mapped);
    }

    [Fact]
    public async Task Every_state_changing_endpoint_refuses_every_cross_site_shape_and_changes_nothing()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var tokenId = await CreateTokenAsync();
        var approveCsr = await CreatePendingCsrAsync();
        var denyCsr = await CreatePendingCsrAsync();
        var bulkCsr = await CreatePendingCsrAsync();
        await WaitUntilCachedAsync(approveCsr);
        await WaitUntilCachedAsync(denyCsr);
        await WaitUntilCachedAsync(bulkCsr);
        var endpoints = new (string Name, HttpMethod Method, string Path, string Body)[]
        {
            ("create token", HttpMethod.Post, "/api/v1/bootstrap-tokens", """{"ttl":"1h","description":"from a foreign page"}"""),
            ("extend token", HttpMethod.Post, $"/api/v1/bootstrap-tokens/{tokenId}/extend", """{"extendBy":"5h"}"""),
            ("delete token", HttpMethod.Delete, $"/api/v1/bootstrap-tokens/{tokenId}", "{}"),
            ("node kubeconfig", HttpMethod.Post, "/api/v1/nodes/xsite-node/bootstrap-kubeconfig", "{}"),
            ("approve CSR", HttpMethod.Post, $"/api/v1/csrs/{approveCsr}/approve", """{"reason":"from a foreign page"}"""),
            ("deny CSR", HttpMethod.Post, $"/api/v1/csrs/{denyCsr}/deny", """{"reason":"from a foreign page"}"""),
            ("bulk approve CSRs", HttpMethod.Post, "/api/v1/csrs/approve", $$"""{"names":["{{bulkCsr}}"],"confirmed":["{{bulkCsr}}"],"reason":"from a foreign page"}"""),
        };

        var before = await SnapshotAsync(approveCsr, denyCsr, bulkCsr);
        var wrong = new List<string>();
        foreach (var endpoint in endpoints.Concat(ReachOnly.Select(r => (r.Name, r.Method, r.Path, r.Body))))
        {
            foreach (var attack in Attacks)
            {
                using var request = Build(endpoint.Method, endpoint.Path, endpoint.Body, attack.ContentType);
                attack.Shape(request, Port);
                using var response = await fixture.Client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode != attack.Status || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    wrong.Add($"{endpoint.Name} / {attack.Name}: {(int)response.StatusCode} {body}");
                }
                else if (body.Contains("evil.example", StringComparison.Ordinal) || body.Contains("foreign page", StringComparison.Ordinal))
                {
                    wrong.Add($"{endpoint.Name} / {attack.Name}: the answer repeats the request: {body}");
                }
            }
        }

        Assert.Empty(wrong);
        Assert.Equal(before, await SnapshotAsync(approveCsr, denyCsr, bulkCsr));

        // The same calls made properly (a script: JSON, no Origin; a page of the portal: its own Origin) succeed.
        var own = fixture.BaseAddress.GetLeftPart(UriPartial.Authority);
        foreach (var endpoint in endpoints)
        {
            using var request = Build(endpoint.Method, endpoint.Path, endpoint.Body.Replace("from a foreign page", "by the test", StringComparison.Ordinal), "application/json");
            if (endpoint.Name.Contains("CSR", StringComparison.Ordinal))
            {
                request.Headers.Add("Origin", own);
                request.Headers.Add("Sec-Fetch-Site", "same-origin");
            }

            using var response = await fixture.Client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{endpoint.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.NotEqual(before, await SnapshotAsync(approveCsr, denyCsr, bulkCsr));

        foreach (var endpoint in ReachOnly)
        {
            using var request = Build(endpoint.Method, endpoint.Path, endpoint.Body, "application/json");
            using var response = await fixture.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest && body.Contains(endpoint.Field, StringComparison.Ordinal),
                $"{endpoint.Name}: {(int)response.StatusCode} {body}");
        }
    }

    [Fact]
    public async Task The_blazor_hub_negotiates_and_upgrades_only_for_its_own_origin()
    {
        var own = fixture.BaseAddress.GetLeftPart(UriPartial.Authority);
        var negotiate = Relative("/_blazor/negotiate?negotiateVersion=1");

        async Task<HttpResponseMessage> Negotiate(params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, negotiate) { Content = new StringContent(string.Empty) };
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }

            return await fixture.Client.SendAsync(request);
        }

        foreach (var headers in new[]
        {
            new[] { ("Origin", "http://evil.example") },
            new[] { ("Origin", "null") },
            Array.Empty<(string, string)>(),
            new[] { ("Origin", own), ("Sec-Fetch-Site", "cross-site") },
        })
        {
            using var refused = await Negotiate(headers);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var negotiated = await Negotiate(("Origin", own), ("Sec-Fetch-Site", "same-origin"));
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        var token = JsonDocument.Parse(await negotiated.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString();
        var hub = new Uri($"ws://127.0.0.1:{Port}/_blazor?id={Uri.EscapeDataString(token!)}");

        using (var foreign = new ClientWebSocket())
        {
            foreign.Options.CollectHttpResponseDetails = true;
            foreign.Options.SetRequestHeader("Origin", "http://evil.example");
            await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(hub, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
        }

        using (var rebound = new ClientWebSocket())
        {
            rebound.Options.CollectHttpResponseDetails = true;
            rebound.Options.SetRequestHeader("Host", $"evil.example:{Port}");
            rebound.Options.SetRequestHeader("Origin", $"http://evil.example:{Port}");
            await Assert.ThrowsAsync<WebSocketException>(() => rebound.ConnectAsync(hub, CancellationToken.None));
            Assert.Equal(HttpStatusCode.BadRequest, rebound.HttpStatusCode);
        }

        using var ownSocket = new ClientWebSocket();
        ownSocket.Options.SetRequestHeader("Origin", own);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await ownSocket.ConnectAsync(hub, cts.Token);
        Assert.Equal(WebSocketState.Open, ownSocket.State);
        await ownSocket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
    }
}
