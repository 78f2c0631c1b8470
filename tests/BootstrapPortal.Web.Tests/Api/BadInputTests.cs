using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Tests.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// Input an attacker or a broken script sends: each answers a 400 (or 413) problem that names the field and never
/// repeats the input, and creates nothing. Never a 500.
/// </summary>
public sealed class BadInputTests(SandboxPortalFixture fixture) : IClassFixture<SandboxPortalFixture>
{
    private static readonly Uri Tokens = new("/api/v1/bootstrap-tokens", UriKind.Relative);

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private async Task<HttpClient> ReadyClient()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return fixture.Client;
    }

    private async Task<int> CountPortalTokens()
    {
        using var admin = new Kubernetes(fixture.Server.Services.GetRequiredService<SandboxClusterHost>().Cluster.CreateAdminConfiguration());
        var list = await admin.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=bootstrap.kubernetes.io/token",
            labelSelector: "app.kubernetes.io/managed-by=bootstrap-portal");
        return list.Items.Count;
    }

    private static async Task<string> PostJson(HttpClient client, string path, string json, HttpStatusCode expected, string field, string? notEchoed = null)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(Relative(path), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _) || field == "-", $"errors has no {field}: {body}");
        if (notEchoed is not null)
        {
            Assert.DoesNotContain(notEchoed, body, StringComparison.Ordinal);
        }

        return body;
    }

    [Theory]
    [InlineData("\u0663h")]
    [InlineData("\uFF11h")]
    [InlineData("9223372036854775807s")]
    [InlineData("10675199d")]
    [InlineData("1h\u0000")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Bad_ttls_are_a_400_naming_ttl_without_the_value(string ttl)
    {
        var client = await ReadyClient();
        var before = await CountPortalTokens();
        await PostJson(client, "/api/v1/bootstrap-tokens", JsonSerializer.Serialize(new { ttl }), HttpStatusCode.BadRequest, "ttl", ttl);
        await PostJson(client, "/api/v1/nodes/bad-input-node/bootstrap-kubeconfig", JsonSerializer.Serialize(new { ttl }), HttpStatusCode.BadRequest, "ttl", ttl);
        Assert.Equal(before, await CountPortalTokens());
    }

    [Theory]
    [InlineData("10675199d")]
    [InlineData("36500d")]
    [InlineData("9223372036854775807s")]
    [InlineData("\u0663h")]
    public async Task Bad_extensions_are_a_400_naming_extendBy(string extendBy)
    {
        var client = await ReadyClient();
        using var created = await client.PostAsJsonAsync(Tokens, new { ttl = "1h", description = "extend target" });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await PostJson(client, $"/api/v1/bootstrap-tokens/{id}/extend", JsonSerializer.Serialize(new { extendBy }), HttpStatusCode.BadRequest, "extendBy", extendBy);
        using var deleted = await client.DeleteJsonAsync(Relative("/api/v1/bootstrap-tokens/" + id));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_that_does_not_repeat_it_declared_or_chunked()
    {
        var client = await ReadyClient();
        var before = await CountPortalTokens();
        // The issue's 10 MB ttl: the answer comes from the declared length alone, before the body is sent.
        var port = fixture.BaseAddress.Port;
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var stream = tcp.GetStream();
            var head = $"POST /api/v1/bootstrap-tokens HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {10 * 1024 * 1024}\r\n\r\n{{\"ttl\":\"9999";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            using var reader = new StreamReader(stream, Encoding.ASCII);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var status = await reader.ReadLineAsync(timeout.Token);
            Assert.StartsWith("HTTP/1.1 413", status, StringComparison.Ordinal);
        }

        var large = JsonSerializer.Serialize(new { ttl = new string('9', 100 * 1024) + "h" });
        using (var declared = new StringContent(large, Encoding.UTF8, "application/json"))
        using (var response = await client.PostAsync(Tokens, declared))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(body.Length < 1000, body);
            Assert.Contains("Security:MaxApiBodyBytes", body, StringComparison.Ordinal);
        }

        // Without Content-Length the limit is met while the body is read.
        using (var chunked = new PushStreamContent(large))
        using (var response = await client.PostAsync(Tokens, chunked))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadAsStringAsync()).Length < 1000);
        }

        // Under the limit, a long value is a 400 that still does not repeat it.
        var longTtl = new string('9', 20_000) + "h";
        var answer = await PostJson(client, "/api/v1/bootstrap-tokens", JsonSerializer.Serialize(new { ttl = longTtl }), HttpStatusCode.BadRequest, "ttl");
        Assert.True(answer.Length < 1000, answer);
        Assert.Equal(before, await CountPortalTokens());
    }

    [Theory]
    [InlineData("""{"ttl":""", "ttl")]
    [InlineData("""not json""", "body")]
    [InlineData("""{"ttl":5}""", "ttl")]
    [InlineData("""{"groups":"system:bootstrappers:x"}""", "groups")]
    [InlineData("""{"oneTime":"yes"}""", "oneTime")]
    [InlineData("""[1,2,3]""", "body")]
    public async Task Unreadable_bodies_are_a_400_naming_the_field(string json, string field)
    {
        var client = await ReadyClient();
        var before = await CountPortalTokens();
        await PostJson(client, "/api/v1/bootstrap-tokens", json, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await CountPortalTokens());
    }

    [Fact]
    public async Task A_made_up_property_with_a_bad_value_is_not_repeated()
    {
        var client = await ReadyClient();
        var body = await PostJson(client, "/api/v1/bootstrap-tokens", """{"ttl":"1h","zzInjected<b>":[}""", HttpStatusCode.BadRequest, "body");
        Assert.DoesNotContain("zzInjected", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/bootstrap-tokens", """{"nodeName":"Evil_Name<b>"}""", "nodeName", "Evil_Name")]
    [InlineData("/api/v1/bootstrap-tokens", """{"groups":["system:masters-evil"]}""", "groups", "masters-evil")]
    [InlineData("/api/v1/bootstrap-tokens", """{"usages":["evil-usage"]}""", "usages", "evil-usage")]
    [InlineData("/api/v1/nodes/Evil_Node/bootstrap-kubeconfig", """{}""", "nodeName", "Evil_Node")]
    public async Task Invalid_values_are_named_by_field_not_repeated(string path, string json, string field, string value)
    {
        var client = await ReadyClient();
        await PostJson(client, path, json, HttpStatusCode.BadRequest, field, value);
    }

    [Fact]
    public async Task Unknown_names_in_the_path_are_not_repeated()
    {
        var client = await ReadyClient();
        foreach (var path in new[] { "/api/v1/bootstrap-tokens/zzevil", "/api/v1/csrs/zz-evil-name" })
        {
            using var response = await client.GetAsync(Relative(path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("zz", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var approve = await client.PostAsJsonAsync(Relative("/api/v1/csrs/zz-evil-name/approve"), new { reason = "test" });
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.DoesNotContain("zz", await approve.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_list_filters_by_each_state_and_never_as_flags()
    {
        var client = await ReadyClient();
        var denied = await CreatePendingCsrAsync();
        var approved = await CreatePendingCsrAsync();
        await WaitForAsync(client, "/api/v1/csrs/" + denied);
        await WaitForAsync(client, "/api/v1/csrs/" + approved);
        using (var deny = await client.PostAsJsonAsync(Relative($"/api/v1/csrs/{denied}/deny"), new { reason = "state filter test" }))
        {
            Assert.Equal(HttpStatusCode.OK, deny.StatusCode);
        }

        using (var approve = await client.PostAsJsonAsync(Relative($"/api/v1/csrs/{approved}/approve"), new { reason = "state filter test" }))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        }

        // Approved | Issued as flags is Denied: the list must hold the approved CSR and never the denied one.
        string[] names = [];
        for (var i = 0; i < 300 && !names.Contains(approved); i++)
        {
            using var list = await client.GetAsync(Relative("/api/v1/csrs?state=Approved,Issued&signer=" + TestSigner));
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var rows = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToArray();
            Assert.All(rows, r => Assert.Contains(r.GetProperty("state").GetString(), new[] { "Approved", "Issued" }));
            names = rows.Select(r => r.GetProperty("name").GetString()!).ToArray();
            await Task.Delay(100);
        }

        Assert.Contains(approved, names);
        Assert.DoesNotContain(denied, names);

        using var onlyDenied = await client.GetAsync(Relative("/api/v1/csrs?state=denied&signer=" + TestSigner));
        var deniedNames = JsonDocument.Parse(await onlyDenied.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToArray();
        Assert.Contains(denied, deniedNames);
        Assert.DoesNotContain(approved, deniedNames);

        foreach (var bad in new[] { "3", "Approved|Issued", "Approved,", "Approved,Bogus", "%EF%BC%B0ending", "<b>" })
        {
            using var response = await client.GetAsync(Relative("/api/v1/csrs?state=" + bad));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("state", out _), body);
            Assert.DoesNotContain("Bogus", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>", body, StringComparison.Ordinal);
        }
    }

    private const string TestSigner = "example.com/bad-input-test";

    private async Task<string> CreatePendingCsrAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("O=test, CN=bad-input"), key, HashAlgorithmName.SHA256);
        var kubernetes = fixture.Server.Services.GetRequiredService<IKubernetes>();
        var created = await kubernetes.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-bad-input-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = TestSigner,
                Usages = ["digital signature", "client auth"],
            },
        });
        return created.Metadata.Name;
    }

    private static async Task WaitForAsync(HttpClient client, string path)
    {
        for (var i = 0; i < 300; i++)
        {
            using var response = await client.GetAsync(Relative(path));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(path + " never answered 200");
    }

    /// <summary>A body sent without Content-Length (chunked), declared as JSON.</summary>
    private sealed class PushStreamContent : HttpContent
    {
        private readonly byte[] _bytes;

        public PushStreamContent(string text)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _bytes.Length; offset += 16 * 1024)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(16 * 1024, _bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
