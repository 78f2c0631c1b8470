using BootstrapPortal.Core.Cluster;

namespace BootstrapPortal.Core.Tests.Cluster;

public class KubernetesConnectionOptionsValidatorTests
{
    private static KubernetesConnectionOptionsValidator Validator(bool fileExists = true, bool inCluster = false) =>
        new(_ => fileExists, p => string.IsNullOrWhiteSpace(p) ? "/home/op/.kube/config" : p, () => inCluster);

    [Fact]
    public void Sandbox_defaults_are_valid()
    {
        Assert.True(Validator().Validate(null, new KubernetesConnectionOptions()).Succeeded);
    }

    [Fact]
    public void Missing_kubeconfig_names_the_key_and_the_path()
    {
        var result = Validator(fileExists: false).Validate(null, new KubernetesConnectionOptions { Mode = KubernetesMode.Kubeconfig, KubeconfigPath = "/nope/config" });
        Assert.True(result.Failed);
        Assert.Contains("Kubernetes:KubeconfigPath", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("/nope/config", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_kubeconfig_location_is_reported_when_missing()
    {
        var result = Validator(fileExists: false).Validate(null, new KubernetesConnectionOptions { Mode = KubernetesMode.Kubeconfig });
        Assert.Contains("/home/op/.kube/config", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void InCluster_outside_a_pod_is_refused()
    {
        var result = Validator(inCluster: false).Validate(null, new KubernetesConnectionOptions { Mode = KubernetesMode.InCluster });
        Assert.Contains("Kubernetes:Mode", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(Validator(inCluster: true).Validate(null, new KubernetesConnectionOptions { Mode = KubernetesMode.InCluster }).Succeeded);
    }

    [Fact]
    public void Undefined_mode_and_bad_timeout_are_reported_together()
    {
        var result = Validator().Validate(null, new KubernetesConnectionOptions { Mode = (KubernetesMode)42, RequestTimeoutSeconds = 0 });
        Assert.Contains("Kubernetes:Mode must be one of Sandbox, Kubeconfig, InCluster", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Kubernetes:RequestTimeoutSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_without_kubeconfig_mode_is_reported()
    {
        var result = Validator().Validate(null, new KubernetesConnectionOptions { Context = "prod" });
        Assert.Contains("Kubernetes:Context", result.FailureMessage, StringComparison.Ordinal);
    }
}
