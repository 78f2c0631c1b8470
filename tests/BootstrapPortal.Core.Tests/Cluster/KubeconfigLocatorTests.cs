using BootstrapPortal.Core.Cluster;

namespace BootstrapPortal.Core.Tests.Cluster;

public class KubeconfigLocatorTests
{
    [Theory]
    [InlineData("/etc/k.conf", null, "/etc/k.conf")]
    [InlineData("~/x/config", null, "/home/op/x/config")]
    [InlineData("", "/env/a:/env/b", "/env/a")]
    [InlineData(null, null, "/home/op/.kube/config")]
    [InlineData("  ", "  ", "/home/op/.kube/config")]
    public void Resolves_like_kubectl(string? configured, string? kubeconfigVariable, string expected)
    {
        var path = KubeconfigLocator.Resolve(configured, name => name == "KUBECONFIG" ? kubeconfigVariable : null, "/home/op");
        Assert.Equal(expected, path);
    }
}
