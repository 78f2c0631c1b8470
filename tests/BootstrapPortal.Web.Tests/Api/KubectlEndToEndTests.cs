using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Hosting;
using k8s;
using k8s.KubeConfigModels;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// End to end: a kubeconfig from the portal, used unchanged by kubectl against the sandbox, authenticates as
/// system:bootstrap:&lt;id&gt;, creates a kubelet client CSR that the sandbox auto-approves, the certificate verifies against
/// the kubeconfig's own CA, and deleting the token makes the kubeconfig fail with 401. No token secret in any log line.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KubectlEndToEndTests(LoggedPortalFixture fixture) : IClassFixture<LoggedPortalFixture>
{
    private const string Kubectl = "/usr/bin/kubectl";
    private const string OpenSsl = "openssl";

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private async Task<(string Id, string Yaml)> CreateKubeconfig(string node, object body)
    {
        using var response = await fixture.Client.PostAsJsonAsync(Relative($"/api/v1/nodes/{node}/bootstrap-kubeconfig"), body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var yaml = await response.Content.ReadAsStringAsync();
        var id = response.Headers.GetValues(PortalApiEndpoints.TokenIdHeader).Single();
        fixture.RememberToken(Assert.Single(KubernetesYaml.Deserialize<K8SConfiguration>(yaml).Users).UserCredentials.Token);
        return (id, yaml);
    }

    private void AssertNoSecretInLogs(string mustMention)
    {
        var lines = fixture.LogLines();
        Assert.Contains(lines, l => l.Contains(mustMention, StringComparison.Ordinal)); // the capture works
        Assert.NotEmpty(fixture.Secrets);
        foreach (var secret in fixture.Secrets)
        {
            var leaked = lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).ToArray();
            Assert.True(leaked.Length == 0, "A token secret appears in the logs:\n" + string.Join('\n', leaked));
        }
    }

    private static async Task<ExternalProcess.Result> KubectlAsync(string directory, string kubeconfig, params string[] args) =>
        await ExternalProcess.RunAsync(Kubectl, ["--kubeconfig", kubeconfig, .. args], directory);

    [Fact]
    public async Task Kubectl_with_the_portal_kubeconfig_bootstraps_a_node_certificate_and_fails_after_the_token_is_deleted()
    {
        const string Node = "e2e-node-1";
        var directory = Directory.CreateDirectory(Path.Combine(fixture.WorkDirectory, "kubectl-" + Guid.NewGuid().ToString("N"))).FullName;
        var (id, yaml) = await CreateKubeconfig(Node, new { ttl = "1h", oneTime = false });
        var kubeconfig = Path.Combine(directory, "bootstrap-kubelet.conf");
        File.WriteAllText(kubeconfig, yaml);
        File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // 1. kubectl authenticates as the bootstrap user.
        var whoami = await KubectlAsync(directory, kubeconfig, "auth", "whoami", "-o", "json");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        var userInfo = JsonDocument.Parse(whoami.StdOut).RootElement.GetProperty("status").GetProperty("userInfo");
        Assert.Equal("system:bootstrap:" + id, userInfo.GetProperty("username").GetString());
        Assert.Contains("system:bootstrappers", userInfo.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));

        // 2. A kubelet client CSR made by openssl, created with kubectl (validated against the server's OpenAPI).
        var key = Path.Combine(directory, "node.key");
        var csrPem = Path.Combine(directory, "node.csr");
        var result = await ExternalProcess.RunAsync(OpenSsl, ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], directory);
        Assert.True(result.ExitCode == 0, result.ToString());
        result = await ExternalProcess.RunAsync(OpenSsl, ["req", "-new", "-key", key, "-subj", $"/O=system:nodes/CN=system:node:{Node}", "-out", csrPem], directory);
        Assert.True(result.ExitCode == 0, result.ToString());
        var csrName = "e2e-" + id;
        var manifest = Path.Combine(directory, "csr.yaml");
        File.WriteAllText(manifest, $"""
            apiVersion: certificates.k8s.io/v1
            kind: CertificateSigningRequest
            metadata:
              name: {csrName}
            spec:
              request: {Convert.ToBase64String(File.ReadAllBytes(csrPem))}
              signerName: kubernetes.io/kube-apiserver-client-kubelet
              usages:
              - digital signature
              - client auth

            """);
        var create = await KubectlAsync(directory, kubeconfig, "create", "-f", manifest);
        Assert.True(create.ExitCode == 0, create.ToString());

        // 3. The sandbox approves and signs it; the bootstrap user may read its CSR.
        string certificate = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (certificate.Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the CSR was not issued in time");
            var get = await KubectlAsync(directory, kubeconfig, "get", "csr", csrName, "-o", "jsonpath={.status.certificate}");
            Assert.True(get.ExitCode == 0, get.ToString());
            certificate = get.StdOut.Trim();
            if (certificate.Length == 0)
            {
                await Task.Delay(250);
            }
        }

        var certPath = Path.Combine(directory, "node.crt");
        File.WriteAllBytes(certPath, Convert.FromBase64String(certificate));

        // 4. The issued certificate verifies against the CA inside that same kubeconfig.
        var caPath = Path.Combine(directory, "ca-from-kubeconfig.crt");
        var cluster = Assert.Single(KubernetesYaml.Deserialize<K8SConfiguration>(yaml).Clusters);
        File.WriteAllBytes(caPath, Convert.FromBase64String(cluster.ClusterEndpoint.CertificateAuthorityData));
        var verify = await ExternalProcess.RunAsync(OpenSsl, ["verify", "-CAfile", caPath, certPath], directory);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains(": OK", verify.StdOut, StringComparison.Ordinal);
        var subject = await ExternalProcess.RunAsync(OpenSsl, ["x509", "-in", certPath, "-noout", "-subject", "-nameopt", "RFC2253"], directory);
        Assert.Contains($"CN=system:node:{Node}", subject.StdOut, StringComparison.Ordinal);

        // Lineage: the token lists the CSR it created.
        await WaitForAsync(async () =>
        {
            var rows = JsonDocument.Parse(await fixture.Client.GetStringAsync(Relative("/api/v1/bootstrap-tokens"))).RootElement;
            return rows.EnumerateArray().Any(r => r.GetProperty("id").GetString() == id &&
                r.GetProperty("usedBy").EnumerateArray().Any(c => c.GetString() == csrName));
        }, "the token lists its CSR");

        // 5. Deleting the token makes the same kubeconfig fail with 401.
        using (var deleted = await fixture.Client.DeleteJsonAsync(Relative("/api/v1/bootstrap-tokens/" + id)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        ExternalProcess.Result after = default!;
        await WaitForAsync(async () =>
        {
            after = await KubectlAsync(directory, kubeconfig, "auth", "whoami", "-o", "json");
            return after.ExitCode != 0;
        }, "kubectl fails after the token is deleted");
        Assert.Contains("Unauthorized", after.StdErr, StringComparison.Ordinal);
        var verbose = await KubectlAsync(directory, kubeconfig, "get", "--raw", "/api", "-v=6");
        Assert.NotEqual(0, verbose.ExitCode);
        Assert.Contains("401 Unauthorized", verbose.StdErr, StringComparison.Ordinal);

        AssertNoSecretInLogs(id);
    }

    [Fact]
    public async Task A_full_token_flow_logs_ids_but_never_a_token_secret()
    {
        using var created = await fixture.Client.PostAsJsonAsync(Relative("/api/v1/bootstrap-tokens"), new { ttl = "3h", description = "log scan", nodeName = "log-node" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("id").GetString()!;
        fixture.RememberToken(body.GetProperty("token").GetString()!);

        var (kubeconfigId, yaml) = await CreateKubeconfig("log-node-2", new { ttl = "1h" });

        // The sandbox API server authenticates with the kubeconfig too (its request path logs as well).
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubernetesYaml.Deserialize<K8SConfiguration>(yaml));
        using (var client = new Kubernetes(configuration))
        {
            Assert.NotNull(await client.CertificatesV1.ListCertificateSigningRequestAsync());
        }

        using (var extend = await fixture.Client.PostAsJsonAsync(Relative($"/api/v1/bootstrap-tokens/{id}/extend"), new { extendBy = "1h" }))
        {
            Assert.Equal(HttpStatusCode.OK, extend.StatusCode);
        }

        foreach (var tokenId in new[] { id, kubeconfigId })
        {
            using var deleted = await fixture.Client.DeleteJsonAsync(Relative("/api/v1/bootstrap-tokens/" + tokenId));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        AssertNoSecretInLogs(kubeconfigId);
    }

    [Fact]
    public async Task A_one_time_token_is_deleted_once_its_simulated_node_has_joined()
    {
        const string Node = "one-time-node";
        var (id, yaml) = await CreateKubeconfig(Node, new { ttl = "1h" }); // one-time is the default for node kubeconfigs
        // The list reads the shared cache: first see the token there, so that its later absence means it was deleted.
        await WaitForAsync(async () =>
        {
            using var response = await fixture.Client.GetAsync(Relative("/api/v1/bootstrap-tokens/" + id));
            return response.StatusCode == HttpStatusCode.OK;
        }, "the one-time token is listed");
        var sandbox = fixture.Services.GetRequiredService<SandboxClusterHost>().Cluster;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        Assert.Equal(Node, await sandbox.JoinNodeAsync(yaml, Node, cts.Token));

        await WaitForAsync(async () =>
        {
            using var response = await fixture.Client.GetAsync(Relative("/api/v1/bootstrap-tokens/" + id));
            return response.StatusCode == HttpStatusCode.NotFound;
        }, "the one-time token is deleted", seconds: 90);

        using var admin = new Kubernetes(sandbox.CreateAdminConfiguration());
        var csrs = await admin.CertificatesV1.ListCertificateSigningRequestAsync();
        Assert.Contains(csrs.Items, c => c.Spec.Username == "system:bootstrap:" + id && c.Status?.Certificate is { Length: > 0 });
        var reaped = $"Deleted one-time bootstrap token \"{id}\"";
        await WaitForAsync(() => Task.FromResult(fixture.LogLines().Any(l => l.Contains(reaped, StringComparison.Ordinal))), "the reaper logged the deletion");
        AssertNoSecretInLogs(reaped);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(200);
        }
    }
}
