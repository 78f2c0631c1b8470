using BootstrapPortal.Core.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// The command-line flags of kube-apiserver and kube-controller-manager where they are visible: kubeadm runs them as static
/// pods in kube-system labelled <c>component=kube-apiserver</c> / <c>component=kube-controller-manager</c>
/// (k/k cmd/kubeadm/app/phases/controlplane/manifests.go). Managed control planes hide them; then the sets are null and
/// <see cref="Unavailable"/> says why.
/// </summary>
public sealed record ControlPlaneFlags(
    IReadOnlyDictionary<string, string>? ApiServer,
    string? ApiServerPod,
    IReadOnlyDictionary<string, string>? ControllerManager,
    string? ControllerManagerPod,
    string? Unavailable)
{
    public static ControlPlaneFlags None(string reason) => new(null, null, null, null, reason);

    /// <summary>Reads the static pods' flags; never throws for an API answer (the reason is kept instead).</summary>
    public static async Task<ControlPlaneFlags> ReadAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        V1PodList pods;
        try
        {
            pods = await client.CoreV1.ListNamespacedPodAsync("kube-system", labelSelector: "tier=control-plane", cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return None(KubernetesErrors.StatusCode(ex) switch
            {
                404 => "the API server does not serve pods here",
                403 => "the portal may not list pods in kube-system",
                _ => "listing control-plane pods failed: " + KubernetesErrors.Describe(ex),
            });
        }

        var apiServer = Find(pods, "kube-apiserver");
        var controllerManager = Find(pods, "kube-controller-manager");
        return new ControlPlaneFlags(
            apiServer is null ? null : Parse(apiServer), apiServer?.Metadata?.Name,
            controllerManager is null ? null : Parse(controllerManager), controllerManager?.Metadata?.Name,
            apiServer is null && controllerManager is null ? "no kube-apiserver or kube-controller-manager static pod is visible (managed control plane?)" : null);
    }

    /// <summary>
    /// <c>--name=value</c> and <c>--name value</c> arguments of the pod's first container (command then args); a flag given
    /// twice keeps its last value, as pflag does.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Parse(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var container = pod.Spec?.Containers?.FirstOrDefault();
        var words = (container?.Command ?? []).Concat(container?.Args ?? []).ToArray();
        return ParseArguments(words);
    }

    public static IReadOnlyDictionary<string, string> ParseArguments(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word is null || !word.StartsWith("--", StringComparison.Ordinal) || word.Length < 3)
            {
                continue;
            }

            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 2)
            {
                flags[word[2..equals]] = word[(equals + 1)..];
            }
            else if (i + 1 < words.Count && words[i + 1] is { } next && !next.StartsWith("--", StringComparison.Ordinal))
            {
                flags[word[2..]] = next;
                i++;
            }
            else
            {
                flags[word[2..]] = "true";
            }
        }

        return flags;
    }

    /// <summary>Whether kube-controller-manager's <c>--controllers</c> enables <paramref name="controller"/> (<c>*</c> = the default-on ones).</summary>
    public static bool? ControllerEnabled(IReadOnlyDictionary<string, string>? flags, string controller, bool onByDefault)
    {
        if (flags is null)
        {
            return null;
        }

        if (!flags.TryGetValue("controllers", out var list))
        {
            return onByDefault;
        }

        var items = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Contains("-" + controller))
        {
            return false;
        }

        return items.Contains(controller) || (onByDefault && items.Contains("*"));
    }

    private static V1Pod? Find(V1PodList pods, string component) =>
        pods.Items?.Where(p => p.Metadata?.Labels?.TryGetValue("component", out var c) == true && c == component)
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).FirstOrDefault();
}
