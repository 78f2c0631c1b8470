using System.Text;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Kubelets;
using k8s;

namespace BootstrapPortal.Sandbox.Tests.Kubelets;

/// <summary>The default demo: 5 nodes (the last one a misfit), serving certificates, an expired token, real-time clock.</summary>
public sealed class DemoSandbox : SandboxTestCluster
{
    protected override void Configure(SandboxOptions options)
    {
        options.Nodes = 5;
        options.DemoMisfits = true;
        options.ServingCertificates = true;
    }
}

public sealed class KubeletFleetTests : IClassFixture<DemoSandbox>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly DemoSandbox _sandbox;

    public KubeletFleetTests(DemoSandbox sandbox) => _sandbox = sandbox;

    [Fact(Timeout = 60_000)]
    public async Task Five_nodes_join_with_the_demo_misfits_seeded()
    {
        await _sandbox.Fleet.Seeded.WaitAsync(Timeout);
        Assert.Equal(5, _sandbox.Fleet.Kubelets.Count);
        await Task.WhenAll(_sandbox.Fleet.Kubelets.Select(k => k.Registered)).WaitAsync(Timeout);

        var nodes = await _sandbox.Admin.CoreV1.ListNodeAsync();
        Assert.Equal(
            ["sandbox-node-1", "sandbox-node-2", "sandbox-node-3", "sandbox-node-4", "sandbox-node-5"],
            nodes.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(nodes.Items, n => Assert.Contains(n.Status.Conditions, c => c.Type == "Ready" && c.Status == "True"));

        // The four normal nodes bootstrapped through auto-approved bootstrap CSRs.
        foreach (var name in new[] { "sandbox-node-1", "sandbox-node-2", "sandbox-node-3", "sandbox-node-4" })
        {
            await _sandbox.WaitForCsrAsync(
                c => c.Spec.Username.StartsWith("system:bootstrap:", StringComparison.Ordinal)
                     && CertificateRequestFactsReader.TryRead(c.Spec.Request, out var f, out _) && f!.CommonName == "system:node:" + name
                     && c.Status?.Conditions?.Any(x => x.Message == CsrApprovingController.NodeClientMessage) == true,
                Timeout,
                "auto-approved bootstrap CSR of " + name);
        }

        // The misfit's renewal CSR is not recognised (DNS SAN) and stays pending.
        var misfit = _sandbox.Fleet.Find("sandbox-node-5")!;
        var renewal = await _sandbox.WaitForCsrAsync(
            c => c.Spec.Username == "system:node:sandbox-node-5" && c.Spec.SignerName == KubernetesSignerNames.KubeApiServerClientKubelet,
            Timeout,
            "misfit renewal CSR");
        Assert.True(CertificateRequestFactsReader.TryRead(renewal.Spec.Request, out var renewalFacts, out _));
        Assert.Equal(["sandbox-node-5"], renewalFacts!.DnsNames);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var stillPending = await _sandbox.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(renewal.Metadata.Name);
        Assert.Empty(stillPending.Status?.Conditions ?? []);
        Assert.True(misfit.Credentials!.NotAfter - DateTimeOffset.UtcNow < TimeSpan.FromDays(20));

        // Serving CSRs of every node wait for a person.
        await SandboxTestCluster.WaitUntilAsync(
            () => _sandbox.SeenCsrs.Count(c => c.Spec.SignerName == KubernetesSignerNames.KubeletServing) >= 5, Timeout, "5 serving CSRs");
        Assert.All(
            _sandbox.SeenCsrs.Where(c => c.Spec.SignerName == KubernetesSignerNames.KubeletServing),
            c => Assert.Empty(c.Status?.Conditions ?? []));

        // What a person sees with kubectl.
        var (code, output) = KubeletTestSupport.Kubectl(_sandbox.Cluster.KubeconfigPath, "get", "nodes", "--no-headers");
        Assert.True(code == 0, output);
        var nodeLines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, nodeLines.Length);
        Assert.All(nodeLines, l => Assert.Matches(@"^sandbox-node-\d\s+Ready\s+<none>\s+\S+\s+v1\.33\.4$", l));
        (code, output) = KubeletTestSupport.Kubectl(_sandbox.Cluster.KubeconfigPath, "get", "csr", "--no-headers");
        Assert.True(code == 0, output);
        Assert.Contains(output.Split('\n'), l => l.Contains("kubernetes.io/kube-apiserver-client-kubelet", StringComparison.Ordinal) && l.TrimEnd().EndsWith("Approved,Issued", StringComparison.Ordinal));
        Assert.Contains(output.Split('\n'), l => l.Contains("kubernetes.io/kubelet-serving", StringComparison.Ordinal) && l.TrimEnd().EndsWith("Pending", StringComparison.Ordinal));

        // The expired demo token is still there (tokencleaner's delete only marked it, the finalizer keeps it).
        var secrets = await _sandbox.Admin.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=bootstrap.kubernetes.io/token");
        var expired = Assert.Single(secrets.Items, s => s.Metadata.Finalizers?.Contains(SandboxKubeletFleet.DemoFinalizer) == true);
        Assert.True(DateTimeOffset.Parse(Encoding.ASCII.GetString(expired.Data["expiration"]), System.Globalization.CultureInfo.InvariantCulture) < DateTimeOffset.UtcNow);
    }
}
