using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Cluster;

/// <summary>Checks the <c>Kubernetes</c> section at start; every message names the key at fault.</summary>
public sealed class KubernetesConnectionOptionsValidator : IValidateOptions<KubernetesConnectionOptions>
{
    private readonly Func<string, bool> _fileExists;
    private readonly Func<string?, string> _resolveKubeconfig;
    private readonly Func<bool> _runningInCluster;

    public KubernetesConnectionOptionsValidator()
        : this(File.Exists, KubeconfigLocator.ResolveFromProcess, () => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
    {
    }

    public KubernetesConnectionOptionsValidator(Func<string, bool> fileExists, Func<string?, string> resolveKubeconfig, Func<bool> runningInCluster)
    {
        _fileExists = fileExists;
        _resolveKubeconfig = resolveKubeconfig;
        _runningInCluster = runningInCluster;
    }

    public ValidateOptionsResult Validate(string? name, KubernetesConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Section = KubernetesConnectionOptions.SectionName;

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{Section}:Mode must be one of {string.Join(", ", Enum.GetNames<KubernetesMode>())}.");
        }

        if (options.RequestTimeoutSeconds is < 1 or > 600)
        {
            failures.Add($"{Section}:RequestTimeoutSeconds must be between 1 and 600 (was {options.RequestTimeoutSeconds}).");
        }

        switch (options.Mode)
        {
            case KubernetesMode.Kubeconfig:
                var path = _resolveKubeconfig(options.KubeconfigPath);
                if (!_fileExists(path))
                {
                    var origin = string.IsNullOrWhiteSpace(options.KubeconfigPath) ? "(from $KUBECONFIG or ~/.kube/config)" : "(from " + Section + ":KubeconfigPath)";
                    failures.Add($"{Section}:KubeconfigPath: the kubeconfig file '{path}' {origin} does not exist; set {Section}:KubeconfigPath or use {Section}:Mode=Sandbox.");
                }
                else
                {
                    ValidateKubeconfig(path, options.Context, failures);
                }

                break;
            case KubernetesMode.InCluster:
                if (!_runningInCluster())
                {
                    failures.Add($"{Section}:Mode is InCluster but KUBERNETES_SERVICE_HOST is not set: the portal is not running in a pod. Use {Section}:Mode=Kubeconfig or Sandbox.");
                }

                break;
            case KubernetesMode.Sandbox:
            default:
                if (!string.IsNullOrWhiteSpace(options.Context))
                {
                    failures.Add($"{Section}:Context is only used with {Section}:Mode=Kubeconfig (Mode is {options.Mode}).");
                }

                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateKubeconfig(string path, string? context, List<string> failures)
    {
        const string Section = KubernetesConnectionOptions.SectionName;
        K8SConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.LoadKubeConfig(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or KubeConfigException or InvalidOperationException or ArgumentException)
        {
            failures.Add($"{Section}:KubeconfigPath: '{path}' is not a readable kubeconfig: {ex.Message}");
            return;
        }

        var contexts = config.Contexts?.Select(c => c.Name).ToArray() ?? [];
        var wanted = string.IsNullOrWhiteSpace(context) ? config.CurrentContext : context;
        if (string.IsNullOrWhiteSpace(wanted))
        {
            failures.Add($"{Section}:Context: '{path}' has no current-context; set {Section}:Context to one of: {string.Join(", ", contexts)}.");
        }
        else if (!contexts.Contains(wanted, StringComparer.Ordinal))
        {
            var key = string.IsNullOrWhiteSpace(context) ? "the current-context of the file" : Section + ":Context";
            failures.Add($"{Section}:Context: context '{wanted}' ({key}) is not in '{path}'; it has: {(contexts.Length == 0 ? "no contexts" : string.Join(", ", contexts))}.");
        }
    }
}
