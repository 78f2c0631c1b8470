using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Tests.Kubelets;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Conformance;

/// <summary>One node with the full controller manager: aggregated roles, node leases and node events as on a real cluster.</summary>
public sealed class OneNodeSandbox : SandboxTestCluster
{
    protected override void Configure(SandboxOptions options) => options.Nodes = 1;
}

public sealed class ControlPlaneConformanceTests(OneNodeSandbox sandbox) : IClassFixture<OneNodeSandbox>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>k/k pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go.</summary>
    [Fact(Timeout = 120_000)]
    public async Task Aggregated_roles_carry_the_rules_of_the_roles_they_select()
    {
        foreach (var name in new[] { "view", "edit", "admin" })
        {
            await SandboxTestCluster.WaitUntilAsync(async () =>
                (await sandbox.Admin.RbacAuthorizationV1.ReadClusterRoleAsync(name)).Rules?.Count > 0, Timeout, name + " aggregates its roles");
        }

        var view = await sandbox.Admin.RbacAuthorizationV1.ReadClusterRoleAsync("view");
        Assert.Contains(view.Rules, r => r.Resources.Contains("pods") && r.Verbs.Contains("list"));
        Assert.DoesNotContain(view.Rules, r => r.Resources.Contains("secrets"));
        var edit = await sandbox.Admin.RbacAuthorizationV1.ReadClusterRoleAsync("edit");
        Assert.Contains(edit.Rules, r => r.Resources.Contains("secrets") && r.Verbs.Contains("create"));
        Assert.True(edit.Rules.Count > view.Rules.Count);

        var extra = TestNames.Unique("extra-view");
        await sandbox.Admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = extra, Labels = new Dictionary<string, string> { ["rbac.authorization.k8s.io/aggregate-to-view"] = "true" } },
            Rules = [new V1PolicyRule { ApiGroups = ["example.com"], Resources = ["widgets"], Verbs = ["get"] }],
        });
        await SandboxTestCluster.WaitUntilAsync(async () =>
            (await sandbox.Admin.RbacAuthorizationV1.ReadClusterRoleAsync("admin")).Rules.Any(r => r.Resources.Contains("widgets")), Timeout,
            "a new aggregate-to-view role reaches view, edit and admin");
    }

    /// <summary>k/k pkg/kubelet/nodelease and kubelet_node_status.go: the lease heartbeat and the Node's start-up events.</summary>
    [Fact(Timeout = 120_000)]
    public async Task Kubelets_heartbeat_through_leases_and_record_node_events()
    {
        await sandbox.Fleet.Seeded.WaitAsync(Timeout);
        var kubelet = sandbox.Fleet.Kubelets.Single();
        await kubelet.Registered.WaitAsync(Timeout);
        V1Lease? lease = null;
        await SandboxTestCluster.WaitUntilAsync(async () =>
        {
            var leases = await sandbox.Admin.CoordinationV1.ListNamespacedLeaseAsync("kube-node-lease");
            lease = leases.Items.FirstOrDefault(l => l.Metadata.Name == kubelet.NodeName);
            return lease is not null;
        }, Timeout, "the node lease");
        var node = await sandbox.Admin.CoreV1.ReadNodeAsync(kubelet.NodeName);
        Assert.Equal(kubelet.NodeName, lease!.Spec.HolderIdentity);
        Assert.Equal(40, lease.Spec.LeaseDurationSeconds);
        Assert.Equal(node.Metadata.Uid, lease.Metadata.OwnerReferences.Single().Uid);
        var firstRenewal = lease.Spec.RenewTime;
        await SandboxTestCluster.WaitUntilAsync(async () =>
            (await sandbox.Admin.CoordinationV1.ReadNamespacedLeaseAsync(kubelet.NodeName, "kube-node-lease")).Spec.RenewTime > firstRenewal, Timeout, "a renewal");

        var events = await sandbox.Admin.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.kind=Node,involvedObject.name=" + kubelet.NodeName);
        Assert.Contains(events.Items, e => e.Reason == "Starting" && e.Source.Component == "kubelet");
        Assert.Contains(events.Items, e => e.Reason == "NodeReady");

        using var other = new Kubernetes(sandbox.Cluster.CreateClientConfiguration("system:node:elsewhere", "system:nodes"));
        var stolen = await TestHelpers.FailsWith(System.Net.HttpStatusCode.Forbidden, () => other.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, kubelet.NodeName, "kube-node-lease"));
        Assert.Contains("can only access node lease with the same name as the requesting node", stolen.Message(), StringComparison.Ordinal);
    }

    /// <summary>kubectl 1.27–1.33 against the sandbox: discovery, tables, server-side dry-run.</summary>
    [Fact(Timeout = 300_000)]
    public async Task Every_installed_kubectl_version_works()
    {
        var versions = KubectlRunner.Versions();
        Assert.NotEmpty(versions);
        await sandbox.Fleet.Seeded.WaitAsync(Timeout);
        await sandbox.Fleet.Kubelets.Single().Registered.WaitAsync(Timeout);
        foreach (var kubectl in versions)
        {
            var (code, output, error) = await KubectlRunner.RunAsync(sandbox.Cluster.KubeconfigPath, kubectl, "get", "nodes,leases,serviceaccounts,pods", "-A");
            Assert.True(code == 0, $"{kubectl}: {error}");
            Assert.Contains("sandbox-node-1", output, StringComparison.Ordinal);
            var (dryCode, dry, dryError) = await KubectlRunner.RunAsync(sandbox.Cluster.KubeconfigPath, kubectl, "delete", "clusterrole", "view", "--dry-run=server");
            Assert.True(dryCode == 0, $"{kubectl}: {dryError}");
            Assert.Contains("(server dry run)", dry, StringComparison.Ordinal);
        }

        Assert.NotNull(await sandbox.Admin.RbacAuthorizationV1.ReadClusterRoleAsync("view"));

        // Pods are read-only: listed (empty), but a create is a method the resource does not serve.
        Assert.Empty((await sandbox.Admin.CoreV1.ListPodForAllNamespacesAsync()).Items);
        var created = await TestHelpers.FailsWith(System.Net.HttpStatusCode.MethodNotAllowed, () => sandbox.Admin.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } }, "default"));
        Assert.Equal("MethodNotAllowed", created.Reason());
    }
}
