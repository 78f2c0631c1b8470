using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Web.Tests.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// <c>/api/v1/policy/serving</c> on a real Kestrel host over the sandbox: read, conditional replace (400 naming each field,
/// 409 on a stale resourceVersion), and the dry run of the policy in force or of a draft against the pending serving CSRs.
/// </summary>
public sealed class ServingPolicyApiTests(SandboxPortalFixture fixture) : IClassFixture<SandboxPortalFixture>
{
    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<HttpClient> ReadyClient()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return fixture.Client;
    }

    private static async Task<JsonElement> GetPolicy(HttpClient client)
    {
        for (var i = 0; ; i++)
        {
            using var response = await client.GetAsync(Relative("/api/v1/policy/serving"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Json(response);
            if (body.GetProperty("synced").GetBoolean() || i > 300)
            {
                return body;
            }

            await Task.Delay(100);
        }
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>PUTs <paramref name="policy"/> (fields over the current policy) with the current resourceVersion.</summary>
    private static async Task<HttpResponseMessage> Put(HttpClient client, Action<JsonObject> edit, string? resourceVersion = null, bool useCurrentVersion = true)
    {
        var current = await GetPolicy(client);
        var policy = JsonNode.Parse(current.GetProperty("policy").GetRawText())!.AsObject();
        edit(policy);
        var rv = useCurrentVersion ? current.GetProperty("resourceVersion").GetString() : resourceVersion;
        var body = new JsonObject { ["policy"] = policy, ["resourceVersion"] = rv };
        return await client.PutAsync(Relative("/api/v1/policy/serving"), Body(body.ToJsonString()));
    }

    [Fact]
    public async Task Get_then_put_round_trips_and_a_stale_resource_version_is_409()
    {
        var client = await ReadyClient();
        var before = await GetPolicy(client);
        Assert.Contains(before.GetProperty("source").GetString(), new[] { "Configuration", "ConfigMap" });
        Assert.Equal("kube-system/bootstrapportal-serving-policy", before.GetProperty("location").GetString());
        foreach (var field in new[] { "enabled", "nodeNamePattern", "allowedIpPrefixes", "maxDnsNames", "maxIpAddresses", "sansWithinNodeAddresses", "resolveDnsNames", "dnsTimeoutSeconds", "maxExpirationSeconds", "onlyExistingNodes" })
        {
            Assert.True(before.GetProperty("policy").TryGetProperty(field, out _), "GET has " + field);
        }

        using var saved = await Put(client, p => p["maxDnsNames"] = 3);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await Json(saved);
        Assert.Equal("ConfigMap", body.GetProperty("source").GetString());
        Assert.Equal(3, body.GetProperty("policy").GetProperty("maxDnsNames").GetInt32());
        Assert.Equal("anonymous@loopback", body.GetProperty("updatedBy").GetString());
        var staleVersion = body.GetProperty("resourceVersion").GetString();
        var kubernetes = fixture.Server.Services.GetRequiredService<IKubernetes>();
        var map = await kubernetes.CoreV1.ReadNamespacedConfigMapAsync("bootstrapportal-serving-policy", "kube-system");
        Assert.Equal(staleVersion, map.Metadata.ResourceVersion);

        using (var again = await Put(client, p => p["maxDnsNames"] = 4))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using var conflict = await Put(client, p => p["maxDnsNames"] = 9, staleVersion, useCurrentVersion: false);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await Json(conflict);
        Assert.Contains("changed meanwhile", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(staleVersion, problem.GetProperty("currentResourceVersion").GetString());
        Assert.Equal(4, (await GetPolicy(client)).GetProperty("policy").GetProperty("maxDnsNames").GetInt32());
    }

    [Theory]
    [InlineData("maxDnsNames", "-1", "policy.maxDnsNames")]
    [InlineData("maxDnsNames", "\"many\"", "policy.maxDnsNames")]
    [InlineData("nodeNamePattern", "\"(\"", "policy.nodeNamePattern")]
    [InlineData("allowedIpPrefixes", "[\"10.0.0.0/8\", \"300.1.1.1/8\"]", "policy.allowedIpPrefixes[1]")]
    [InlineData("dnsTimeoutSeconds", "99", "policy.dnsTimeoutSeconds")]
    [InlineData("maxExpirationSeconds", "60", "policy.maxExpirationSeconds")]
    [InlineData("enabeld", "true", "policy.enabeld")]
    public async Task An_invalid_field_is_a_400_naming_it(string field, string value, string key)
    {
        var client = await ReadyClient();
        using var response = await Put(client, p => p[field] = JsonNode.Parse(value));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(key, out _), $"errors name {key}");
    }

    [Theory]
    [InlineData("not json <script>", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("{}", "policy")]
    [InlineData("{\"policy\": {}, \"resourceVersion\": 7}", "resourceVersion")]
    public async Task A_malformed_body_is_a_400_naming_the_field_without_echoing_it(string json, string key)
    {
        var client = await ReadyClient();
        using var response = await client.PutAsync(Relative("/api/v1/policy/serving"), Body(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(key, out _), text);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dry_run_shows_each_pending_serving_csr_with_its_decision_and_reasons_and_writes_nothing()
    {
        var client = await ReadyClient();
        var kubernetes = fixture.Server.Services.GetRequiredService<IKubernetes>();
        var node = (await kubernetes.CoreV1.ListNodeAsync()).Items.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).First();
        var ip = node.Status.Addresses.First(a => a.Type == "InternalIP").Address;
        var foreign = await CreateServingCsr(node.Metadata.Name, [ip, "192.0.2.44"]);

        using var current = await client.PostAsync(Relative("/api/v1/policy/serving/dry-run"), Body(string.Empty));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        var rows = (await Json(current)).EnumerateArray().ToArray();
        var row = Assert.Single(rows, r => r.GetProperty("name").GetString() == foreign);
        Assert.Equal("Deny", row.GetProperty("decision").GetString());
        Assert.Equal(node.Metadata.Name, row.GetProperty("nodeName").GetString());
        Assert.Contains(row.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("[sans-in-node-addresses]", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.GetProperty("decision").GetString() == "Approve");

        using var draft = await client.PostAsync(Relative("/api/v1/policy/serving/dry-run"),
            Body("""{"policy": {"sansWithinNodeAddresses": false, "nodeNamePattern": "no-such-node-.*"}}"""));
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var draftRows = (await Json(draft)).EnumerateArray().ToArray();
        Assert.All(draftRows, r => Assert.Equal("Deny", r.GetProperty("decision").GetString()));
        Assert.Contains(draftRows.Single(r => r.GetProperty("name").GetString() == foreign).GetProperty("reasons").EnumerateArray(),
            r => r.GetString()!.StartsWith("[node-name-pattern]", StringComparison.Ordinal));

        using var invalid = await client.PostAsync(Relative("/api/v1/policy/serving/dry-run"), Body("""{"policy": {"maxIpAddresses": -2}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await Json(invalid)).GetProperty("errors").TryGetProperty("policy.maxIpAddresses", out _));
        Assert.Empty((await kubernetes.CertificatesV1.ReadCertificateSigningRequestAsync(foreign)).Status?.Conditions ?? []);
    }

    [Fact]
    public async Task Policy_endpoints_are_in_the_openapi_document()
    {
        var client = await ReadyClient();
        using var response = await client.GetAsync(Relative("/openapi/v1.json"));
        var paths = (await Json(response)).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/policy/serving", out var serving));
        Assert.True(serving.TryGetProperty("get", out _) && serving.TryGetProperty("put", out _));
        Assert.True(paths.TryGetProperty("/api/v1/policy/serving/dry-run", out _));
    }

    private async Task<string> CreateServingCsr(string node, string[] ips)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"O=system:nodes, CN=system:node:{node}"), key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        foreach (var ip in ips)
        {
            sans.AddIpAddress(IPAddress.Parse(ip));
        }

        request.CertificateExtensions.Add(sans.Build());
        // As the node itself, the only requester a serving certificate passes for.
        var sandbox = fixture.Server.Services.GetRequiredService<BootstrapPortal.Web.Hosting.SandboxClusterHost>();
        using var nodeClient = new Kubernetes(sandbox.Cluster.CreateClientConfiguration("system:node:" + node, "system:nodes"));
        var created = await nodeClient.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-dry-" },
            Spec = new V1CertificateSigningRequestSpec { Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()), SignerName = "kubernetes.io/kubelet-serving", Usages = ["digital signature", "server auth"] },
        });
        var name = created.Metadata.Name;
        for (var i = 0; i < 300 && (await fixture.Client.GetAsync(Relative("/api/v1/csrs/" + name))).StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
        }

        return name;
    }
}
