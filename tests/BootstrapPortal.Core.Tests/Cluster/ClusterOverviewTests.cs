using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Cluster;

public class ClusterOverviewTests
{
    private static V1Node Node(string name, string? ready) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = ready is null ? null : new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = ready }] },
    };

    private static V1CertificateSigningRequest Csr(string name, string? condition) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = condition is null ? null : new V1CertificateSigningRequestStatus { Conditions = [new V1CertificateSigningRequestCondition { Type = condition, Status = "True" }] },
    };

    [Fact]
    public void Counts_nodes_ready_nodes_requests_pending_and_tokens()
    {
        var overview = ClusterOverview.From(
            [Node("a", "True"), Node("b", "False"), Node("c", "Unknown"), Node("d", null)],
            [Csr("1", null), Csr("2", "Approved"), Csr("3", "Denied"), Csr("4", null)],
            [new V1Secret { Metadata = new V1ObjectMeta { Name = "bootstrap-token-abcdef" } }],
            [new CacheStatus("nodes", CacheState.Synced, 4, "1", DateTimeOffset.UnixEpoch, null, 0, 0)]);

        Assert.Equal(4, overview.Nodes);
        Assert.Equal(1, overview.ReadyNodes);
        Assert.Equal(4, overview.CertificateRequests);
        Assert.Equal(2, overview.PendingCertificateRequests);
        Assert.Equal(1, overview.BootstrapTokens);
        Assert.Equal(ConnectionState.Connected, overview.Connection.State);
    }

    [Fact]
    public void Empty_cluster_is_all_zero()
    {
        var overview = ClusterOverview.From([], [], [], []);
        Assert.Equal(0, overview.Nodes + overview.ReadyNodes + overview.CertificateRequests + overview.PendingCertificateRequests + overview.BootstrapTokens);
        Assert.Equal(ConnectionState.Connecting, overview.Connection.State);
    }
}
