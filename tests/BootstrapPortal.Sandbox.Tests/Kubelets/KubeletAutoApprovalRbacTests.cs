using System.Text;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Kubelets;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Kubelets;

/// <summary>
/// What the kubeadm auto-approval bindings do: without them CSRs stay pending exactly as on a real cluster (own sandbox, so
/// that removing bindings does not disturb the other classes).
/// </summary>
public sealed class KubeletAutoApprovalRbacTests : IClassFixture<RenewalSandbox>
{
    private const string NodeClientBinding = "kubeadm:node-autoapprove-bootstrap";
    private const string SelfNodeClientBinding = "kubeadm:node-autoapprove-certificate-rotation";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);
    private readonly RenewalSandbox _sandbox;

    public KubeletAutoApprovalRbacTests(RenewalSandbox sandbox) => _sandbox = sandbox;

    private async Task<(string Name, string Token, SimulatedKubelet Kubelet)> JoinAsync(string nodeName)
    {
        var token = await _sandbox.Fleet.CreateBootstrapTokenAsync("e2e " + nodeName, TimeSpan.FromHours(24), CancellationToken.None);
        var name = await _sandbox.Cluster.JoinNodeAsync(_sandbox.Fleet.BuildBootstrapKubeconfig(token), nodeName, CancellationToken.None);
        Assert.Equal(nodeName, name);
        return (name, token, _sandbox.Fleet.Find(name)!);
    }

    [Fact(Timeout = 90_000)]
    public async Task Without_the_nodeclient_binding_the_bootstrap_csr_stays_pending_until_it_is_restored()
    {
        var rbac = _sandbox.Admin.RbacAuthorizationV1;
        var binding = await rbac.ReadClusterRoleBindingAsync(NodeClientBinding);
        await rbac.DeleteClusterRoleBindingAsync(NodeClientBinding);
        SimulatedKubelet kubelet;
        string user;
        try
        {
            (_, var token, kubelet) = await JoinAsync("e2e-node-b");
            user = "system:bootstrap:" + KubeletTestSupport.TokenId(token);
            var csr = await _sandbox.WaitForCsrAsync(c => c.Spec.Username == user, Timeout, "bootstrap CSR");

            // Exactly what csrapproving asks; RBAC now says no.
            var review = await _sandbox.Admin.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
            {
                Spec = new V1SubjectAccessReviewSpec
                {
                    User = csr.Spec.Username,
                    Groups = csr.Spec.Groups,
                    ResourceAttributes = new V1ResourceAttributes
                    {
                        Group = "certificates.k8s.io",
                        Resource = "certificatesigningrequests",
                        Subresource = "nodeclient",
                        Verb = "create",
                        Version = "*",
                    },
                },
            });
            Assert.False(review.Status.Allowed);

            await Task.Delay(TimeSpan.FromSeconds(3));
            var pending = await _sandbox.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(csr.Metadata.Name);
            Assert.Empty(pending.Status?.Conditions ?? []);
            Assert.False(pending.IsIssued());
            Assert.Equal(KubeletPhase.WaitingForBootstrapCertificate, kubelet.Phase);
        }
        finally
        {
            binding.Metadata.ResourceVersion = null;
            binding.Metadata.Uid = null;
            await rbac.CreateClusterRoleBindingAsync(binding);
        }

        // csrapproving keeps retrying: with the binding back, the same CSR is approved and the node joins.
        await kubelet.Registered.WaitAsync(Timeout);
        Assert.Contains(_sandbox.SeenCsrs, c => c.Spec.Username == user && c.HasCondition("Approved"));
    }

    [Fact(Timeout = 90_000)]
    public async Task Without_the_selfnodeclient_binding_renewals_are_not_approved()
    {
        var rbac = _sandbox.Admin.RbacAuthorizationV1;
        var binding = await rbac.ReadClusterRoleBindingAsync(SelfNodeClientBinding);
        await rbac.DeleteClusterRoleBindingAsync(SelfNodeClientBinding);
        SimulatedKubelet kubelet;
        try
        {
            (var name, _, kubelet) = await JoinAsync("e2e-node-c");
            await kubelet.Registered.WaitAsync(Timeout);
            var renewal = await _sandbox.WaitForCsrAsync(c => c.Spec.Username == "system:node:" + name, Timeout, "renewal CSR");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var pending = await _sandbox.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(renewal.Metadata.Name);
            Assert.Empty(pending.Status?.Conditions ?? []);
            Assert.Equal(0, kubelet.Renewals);
            Assert.Equal(KubeletPhase.Renewing, kubelet.Phase);
        }
        finally
        {
            binding.Metadata.ResourceVersion = null;
            binding.Metadata.Uid = null;
            await rbac.CreateClusterRoleBindingAsync(binding);
        }

        await SandboxTestCluster.WaitUntilAsync(() => kubelet.Renewals >= 1, Timeout, "renewal after restoring the binding");
    }
}
