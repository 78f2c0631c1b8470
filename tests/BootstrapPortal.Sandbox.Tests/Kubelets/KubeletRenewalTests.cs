using System.Text;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Kubelets;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Kubelets;

/// <summary>Clock speed 180 with a 1 h signing duration: client certificates live 20 s, so kubelets renew after 14-18 s.</summary>
public sealed class RenewalSandbox : SandboxTestCluster
{
    protected override void Configure(SandboxOptions options)
    {
        options.ClockSpeed = 180;
        options.SigningDuration = TimeSpan.FromHours(1);
    }
}

public sealed class KubeletRenewalTests : IClassFixture<RenewalSandbox>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);
    private readonly RenewalSandbox _sandbox;

    public KubeletRenewalTests(RenewalSandbox sandbox) => _sandbox = sandbox;

    private async Task<(string Name, string Token, SimulatedKubelet Kubelet)> JoinAsync(string nodeName)
    {
        var token = await _sandbox.Fleet.CreateBootstrapTokenAsync("e2e " + nodeName, TimeSpan.FromHours(24), CancellationToken.None);
        var name = await _sandbox.Cluster.JoinNodeAsync(_sandbox.Fleet.BuildBootstrapKubeconfig(token), nodeName, CancellationToken.None);
        Assert.Equal(nodeName, name);
        return (name, token, _sandbox.Fleet.Find(name)!);
    }

    [Fact(Timeout = 90_000)]
    public async Task Node_bootstraps_with_a_token_registers_and_renews_through_selfnodeclient()
    {
        var (name, token, kubelet) = await JoinAsync("e2e-node-a");
        await kubelet.Registered.WaitAsync(Timeout);

        // The bootstrap CSR: created with only the token, approved by csrapproving after an RBAC SubjectAccessReview.
        var bootstrapUser = "system:bootstrap:" + KubeletTestSupport.TokenId(token);
        var bootstrapCsr = await _sandbox.WaitForCsrAsync(c => c.Spec.Username == bootstrapUser && c.IsIssued(), Timeout, "issued bootstrap CSR");
        Assert.Equal("csr-", bootstrapCsr.Metadata.GenerateName);
        Assert.StartsWith("csr-", bootstrapCsr.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(KubernetesSignerNames.KubeApiServerClientKubelet, bootstrapCsr.Spec.SignerName);
        Assert.Equal(["digital signature", "client auth"], bootstrapCsr.Spec.Usages);
        Assert.Contains(SandboxKubeletFleet.NodeTokenGroup, bootstrapCsr.Spec.Groups);
        var approval = Assert.Single(bootstrapCsr.Status.Conditions, c => c.Type == "Approved");
        Assert.Equal(("True", "AutoApproved", CsrApprovingController.NodeClientMessage), (approval.Status, approval.Reason, approval.Message));

        // The issued certificate chains to the sandbox CA according to openssl.
        KubeletTestSupport.AssertOpensslVerifies(_sandbox.Cluster.CaCertificatePem, Encoding.ASCII.GetString(bootstrapCsr.Status.Certificate));
        var first = kubelet.Credentials!;

        // The Node it registered with that certificate.
        var node = await _sandbox.Admin.CoreV1.ReadNodeAsync(name);
        Assert.Equal(name, node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.Equal("amd64", node.Metadata.Labels["kubernetes.io/arch"]);
        Assert.Contains(node.Status.Addresses, a => a.Type == "InternalIP" && a.Address.StartsWith("10.0.", StringComparison.Ordinal));
        Assert.Contains(node.Status.Addresses, a => a.Type == "Hostname" && a.Address == name);
        Assert.Contains(node.Status.Conditions, c => c.Type == "Ready" && c.Status == "True");
        Assert.Equal(SandboxKubeletFleet.DefaultKubeletVersion, node.Status.NodeInfo.KubeletVersion);

        // Renewal at 70-90 % of the 20 s lifetime, authenticated by the node's certificate → selfnodeclient.
        await SandboxTestCluster.WaitUntilAsync(() => kubelet.Renewals >= 1, Timeout, "first renewal");
        var renewal = await _sandbox.WaitForCsrAsync(c => c.Spec.Username == "system:node:" + name && c.IsIssued(), Timeout, "issued renewal CSR");
        Assert.Contains("system:nodes", renewal.Spec.Groups);
        var renewalApproval = Assert.Single(renewal.Status.Conditions, c => c.Type == "Approved");
        Assert.Equal(CsrApprovingController.SelfNodeClientMessage, renewalApproval.Message);
        Assert.NotEqual(first.SerialNumber, kubelet.Credentials!.SerialNumber);
        KubeletTestSupport.AssertOpensslVerifies(_sandbox.Cluster.CaCertificatePem, kubelet.Credentials.CertificatePem);
    }
}
