using BootstrapPortal.Core.Cluster;

namespace BootstrapPortal.Core.Tests.Cluster;

public sealed class KubernetesRequestKindTests
{
    [Theory]
    [InlineData("GET", "https://h:6443/api/v1/nodes?limit=500", "list", "nodes")]
    [InlineData("GET", "https://h:6443/api/v1/nodes?watch=true&resourceVersion=5", "watch", "nodes")]
    [InlineData("GET", "https://h:6443/api/v1/nodes?watch=false", "list", "nodes")]
    [InlineData("GET", "https://h:6443/api/v1/nodes/worker-1", "get", "nodes")]
    [InlineData("GET", "https://h:6443/api/v1/namespaces/kube-system/secrets?fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken", "list", "secrets")]
    [InlineData("POST", "https://h:6443/api/v1/namespaces/kube-system/secrets", "create", "secrets")]
    [InlineData("DELETE", "https://h:6443/api/v1/namespaces/kube-system/secrets/bootstrap-token-abcdef", "delete", "secrets")]
    [InlineData("DELETE", "https://h:6443/api/v1/namespaces/kube-system/secrets", "deletecollection", "secrets")]
    [InlineData("PUT", "https://h:6443/apis/certificates.k8s.io/v1/certificatesigningrequests/csr-1/approval", "update", "certificatesigningrequests/approval")]
    [InlineData("PATCH", "https://h:6443/apis/certificates.k8s.io/v1/certificatesigningrequests/csr-1/status", "patch", "certificatesigningrequests/status")]
    [InlineData("GET", "https://h:6443/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?watch=1", "watch", "clusterrolebindings")]
    [InlineData("GET", "https://h:6443/api/v1/namespaces/kube-public", "get", "namespaces")]
    [InlineData("GET", "https://h:6443/api/v1/namespaces", "list", "namespaces")]
    [InlineData("get", "https://h:6443/version", "get", "")]
    [InlineData("GET", "https://h:6443/apis", "get", "")]
    [InlineData("GET", "https://h:6443/openapi/v2", "get", "")]
    public void RequestsAreNamedAsKubeApiserverNamesThem(string method, string url, string verb, string resource) =>
        Assert.Equal(new KubernetesRequestKind(verb, resource), KubernetesRequestKind.Of(method, new Uri(url)));

    [Fact]
    public void RelativeAndMissingUrisAreTotal()
    {
        Assert.Equal(new KubernetesRequestKind("list", "nodes"), KubernetesRequestKind.Of("GET", new Uri("/api/v1/nodes?limit=1", UriKind.Relative)));
        Assert.Equal(new KubernetesRequestKind("get", KubernetesRequestKind.NonResource), KubernetesRequestKind.Of("GET", null));
    }

    [Fact]
    public void TheCounterCountsPerKind()
    {
        var counter = new KubernetesRequestCounter();
        counter.Record(new KubernetesRequestKind("list", "nodes"));
        counter.Record(new KubernetesRequestKind("list", "nodes"));
        counter.Record(new KubernetesRequestKind("watch", "nodes"));
        Assert.Equal(2, counter.Counts[new KubernetesRequestKind("list", "nodes")]);
        Assert.Equal(1, counter.Counts[new KubernetesRequestKind("watch", "nodes")]);
        Assert.False(counter.Counts.ContainsKey(new KubernetesRequestKind("get", "nodes")));
    }
}
