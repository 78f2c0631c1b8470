using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Kubeconfigs;
using BootstrapPortal.Core.Tests.Tokens;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.KubeConfigModels;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests.Kubeconfigs;

/// <summary>The kubeconfig service against the sandbox: cluster-info, overrides, all-or-nothing, a missing cluster-info.</summary>
public sealed class BootstrapKubeconfigServiceTests(TokenSandboxFixture fixture) : IClassFixture<TokenSandboxFixture>
{
    private static readonly PortalActor Actor = new("tester@example", PortalActorKind.Person, [], [PortalRole.Admin]);

    private async Task<int> TokenSecretCount(CancellationToken ct) =>
        (await fixture.Client.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=bootstrap.kubernetes.io/token", cancellationToken: ct)).Items.Count;

    [Fact]
    public async Task A_node_kubeconfig_points_at_the_cluster_info_server_and_ca_and_its_token_works()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var kubeconfig = await fixture.Kubeconfigs.CreateForNodeAsync(new BootstrapKubeconfigRequest("svc-node-1", TimeSpan.FromHours(1)), Actor, cts.Token);
        var model = KubernetesYaml.Deserialize<K8SConfiguration>(kubeconfig.Yaml);
        var cluster = Assert.Single(model.Clusters).ClusterEndpoint;
        Assert.Equal(fixture.Sandbox.ServerUri.ToString().TrimEnd('/'), cluster.Server);
        Assert.Equal(fixture.Sandbox.CaCertificatePem, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cluster.CertificateAuthorityData)));
        Assert.Equal(ClusterInfo.CaCertHashes(fixture.Sandbox.CaCertificatePem)[0], kubeconfig.JoinCommand.Split(' ')[^2]);

        using (var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigObject(model)))
        {
            Assert.NotNull(await client.CertificatesV1.ListCertificateSigningRequestAsync(cancellationToken: cts.Token));
        }

        var secret = await fixture.Client.CoreV1.ReadNamespacedSecretAsync("bootstrap-token-" + kubeconfig.TokenId, "kube-system", cancellationToken: cts.Token);
        Assert.Equal("true", secret.Metadata.Labels[PortalTokenMetadata.OneTimeLabel]);
        Assert.Equal("svc-node-1", secret.Metadata.Annotations[PortalTokenMetadata.NodeNameAnnotation]);
        await fixture.Tokens.DeleteAsync(kubeconfig.TokenId, Actor, cts.Token);
    }

    [Fact]
    public async Task Kubectl_reads_the_kubeconfig_without_empty_defaults_and_it_authenticates_to_the_sandbox()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var kubeconfig = await fixture.Kubeconfigs.CreateForNodeAsync(new BootstrapKubeconfigRequest("svc-node-kubectl", TimeSpan.FromHours(1)), Actor, cts.Token);
        var directory = Directory.CreateTempSubdirectory("bp-kubectl-");
        try
        {
            foreach (var empty in new[] { "as-groups", "as-user-extra", "insecure-skip-tls-verify", "null", "{}\n" })
            {
                Assert.DoesNotContain(empty == "{}\n" ? "user: {}" : empty, kubeconfig.Yaml, StringComparison.Ordinal);
            }

            var path = Path.Combine(directory.FullName, "bootstrap-kubelet.conf");
            await File.WriteAllTextAsync(path, kubeconfig.Yaml, cts.Token);
            var (viewExit, view, viewError) = await KubectlAsync(["--kubeconfig", path, "config", "view", "-o", "jsonpath={.users[0].name} {.clusters[0].cluster.server}"], cts.Token);
            Assert.True(viewExit == 0, viewError);
            Assert.Equal($"{BootstrapKubeconfigBuilder.UserName} {fixture.Sandbox.ServerUri.ToString().TrimEnd('/')}", view.Trim());

            // The bootstrap token authenticates over real HTTPS with the CA from the file: kubectl can ask what it may do.
            var (canExit, can, canError) = await KubectlAsync(["--kubeconfig", path, "auth", "can-i", "create", "certificatesigningrequests.certificates.k8s.io"], cts.Token);
            Assert.True(canExit == 0, canError);
            Assert.Equal("yes", can.Trim());
        }
        finally
        {
            directory.Delete(recursive: true);
            await fixture.Tokens.DeleteAsync(kubeconfig.TokenId, Actor, cts.Token);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> KubectlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new System.Diagnostics.ProcessStartInfo("kubectl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["KUBECONFIG"] = string.Empty;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task A_server_override_replaces_the_server_only()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var kubeconfig = await fixture.Kubeconfigs.CreateForNodeAsync(
            new BootstrapKubeconfigRequest("svc-node-2", OneTime: false, ServerOverride: "https://127.0.0.1:6443/"), Actor, cts.Token);
        var cluster = Assert.Single(KubernetesYaml.Deserialize<K8SConfiguration>(kubeconfig.Yaml).Clusters).ClusterEndpoint;
        Assert.Equal("https://127.0.0.1:6443", cluster.Server);
        Assert.StartsWith("kubeadm join 127.0.0.1:6443 --token " + kubeconfig.TokenId + ".", kubeconfig.JoinCommand, StringComparison.Ordinal);
        await fixture.Tokens.DeleteAsync(kubeconfig.TokenId, Actor, cts.Token);
    }

    [Fact]
    public async Task Many_nodes_are_all_or_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var before = await TokenSecretCount(cts.Token);
        var invalid = await Assert.ThrowsAsync<TokenValidationException>(() => fixture.Kubeconfigs.CreateForNodesAsync(
            [new("ok-1"), new("ok-2"), new("Not OK")], Actor, cts.Token));
        Assert.Equal("nodeName", invalid.Field);
        var duplicate = await Assert.ThrowsAsync<TokenValidationException>(() => fixture.Kubeconfigs.CreateForNodesAsync(
            [new("dup"), new("dup")], Actor, cts.Token));
        Assert.Equal("nodeName", duplicate.Field);
        var ttl = await Assert.ThrowsAsync<TokenValidationException>(() => fixture.Kubeconfigs.CreateForNodesAsync(
            [new("ok-1"), new("ok-2", Ttl: TimeSpan.FromDays(400))], Actor, cts.Token));
        Assert.Equal("ttl", ttl.Field);
        Assert.Equal(before, await TokenSecretCount(cts.Token));

        var created = await fixture.Kubeconfigs.CreateForNodesAsync([new("many-1"), new("many-2")], Actor, cts.Token);
        Assert.Equal(["many-1", "many-2"], created.Select(k => k.NodeName));
        Assert.Equal(2, created.Select(k => k.TokenId).Distinct().Count());
        Assert.Equal(before + 2, await TokenSecretCount(cts.Token));
        foreach (var k in created)
        {
            await fixture.Tokens.DeleteAsync(k.TokenId, Actor, cts.Token);
        }
    }

    [Fact]
    public async Task Without_cluster_info_the_error_is_clear_and_configured_values_still_work()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var saved = await fixture.Client.CoreV1.ReadNamespacedConfigMapAsync("cluster-info", "kube-public", cancellationToken: cts.Token);
        var caFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(caFile, fixture.Sandbox.CaCertificatePem, cts.Token);
        await fixture.Client.CoreV1.DeleteNamespacedConfigMapAsync("cluster-info", "kube-public", cancellationToken: cts.Token);
        try
        {
            var before = await TokenSecretCount(cts.Token);
            var ex = await Assert.ThrowsAsync<ClusterInfoException>(() =>
                fixture.Kubeconfigs.CreateForNodeAsync(new BootstrapKubeconfigRequest("no-info"), Actor, cts.Token));
            Assert.Contains("kube-public/cluster-info does not exist", ex.Message, StringComparison.Ordinal);
            Assert.Equal(before, await TokenSecretCount(cts.Token));

            var configured = new BootstrapKubeconfigService(fixture.Client, fixture.Tokens,
                Options.Create(new KubeconfigOptions { ServerUrl = fixture.Sandbox.ServerUri.ToString(), CaFile = caFile }),
                Options.Create(fixture.TokenOptions), new LoggingAuditTrail(NullLogger<LoggingAuditTrail>.Instance), TimeProvider.System,
                NullLogger<BootstrapKubeconfigService>.Instance);
            var kubeconfig = await configured.CreateForNodeAsync(new BootstrapKubeconfigRequest("configured-node"), Actor, cts.Token);
            using (var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigObject(KubernetesYaml.Deserialize<K8SConfiguration>(kubeconfig.Yaml))))
            {
                Assert.NotNull(await client.CertificatesV1.ListCertificateSigningRequestAsync(cancellationToken: cts.Token));
            }

            await fixture.Tokens.DeleteAsync(kubeconfig.TokenId, Actor, cts.Token);
        }
        finally
        {
            await fixture.Client.CoreV1.CreateNamespacedConfigMapAsync(
                new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cluster-info", NamespaceProperty = "kube-public" }, Data = saved.Data },
                "kube-public", cancellationToken: CancellationToken.None);
            File.Delete(caFile);
        }
    }
}
