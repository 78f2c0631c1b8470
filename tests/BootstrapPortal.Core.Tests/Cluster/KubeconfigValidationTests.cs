using BootstrapPortal.Core.Cluster;

namespace BootstrapPortal.Core.Tests.Cluster;

/// <summary>Real files on disk: a bad kubeconfig is refused at start with a message that names the key.</summary>
public sealed class KubeconfigValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bp-kubeconfig-").FullName;

    private const string Valid = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: prod
          cluster:
            server: https://10.0.0.10:6443
        users:
        - name: admin
          user:
            token: not-a-real-token
        contexts:
        - name: prod-admin
          context:
            cluster: prod
            user: admin
        current-context: prod-admin
        """;

    private string Write(string text)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        return path;
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string path, string? context = null) =>
        new KubernetesConnectionOptionsValidator().Validate(null, new KubernetesConnectionOptions { Mode = KubernetesMode.Kubeconfig, KubeconfigPath = path, Context = context });

    [Fact]
    public void A_valid_file_and_context_pass()
    {
        var path = Write(Valid);
        Assert.True(Validate(path).Succeeded);
        Assert.True(Validate(path, "prod-admin").Succeeded);
    }

    [Fact]
    public void An_unknown_context_lists_the_known_ones()
    {
        var result = Validate(Write(Valid), "staging");
        Assert.Contains("Kubernetes:Context", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'staging'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("prod-admin", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_is_reported_as_not_a_kubeconfig()
    {
        var path = Write("clusters: [unterminated\n\t- : :");
        var result = Validate(path);
        Assert.True(result.Failed);
        Assert.Contains("Kubernetes:KubeconfigPath", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("is not a readable kubeconfig", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_current_context_asks_for_one()
    {
        var result = Validate(Write(Valid.Replace("current-context: prod-admin", string.Empty, StringComparison.Ordinal)));
        Assert.Contains("has no current-context", result.FailureMessage, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
