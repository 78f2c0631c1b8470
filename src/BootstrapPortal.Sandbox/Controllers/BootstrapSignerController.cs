using System.Net;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's <c>bootstrapsigner</c> (k/k pkg/controller/bootstrap/bootstrapsigner.go): keeps one <c>jws-kubeconfig-&lt;id&gt;</c> detached JWS
/// in <c>kube-public/cluster-info</c> for every valid bootstrap token with <c>usage-bootstrap-signing: "true"</c>, removes
/// stale ones, and updates the ConfigMap only when something changed. It never creates the ConfigMap.
/// </summary>
public sealed class BootstrapSignerController : QueueController
{
    public const string ConfigMapNamespace = "kube-public";
    public const string ConfigMapName = "cluster-info";
    public const string KubeconfigKey = "kubeconfig";
    private const string ResyncKey = "resync";

    private readonly IKubernetes _client;
    private readonly ControllerInformer<V1Secret> _secrets;
    private readonly ControllerInformer<V1ConfigMap> _configMaps;

    public BootstrapSignerController(SandboxControllerContext context)
        : base("bootstrapsigner", context?.LoggerFactory.CreateLogger<BootstrapSignerController>()!, context!.Clock.TimeProvider)
    {
        _client = Own(context.CreateClient(ControllerIdentity.BootstrapSigner));
        _secrets = Informers.BootstrapTokenSecretInformer(_client, _ => Queue.Add(ResyncKey), Logger, TimeProvider);
        _configMaps = Informers.ConfigMapInformer(_client, ConfigMapNamespace, ConfigMapName, _ => Queue.Add(ResyncKey), Logger, TimeProvider);
    }

    protected override IEnumerable<Func<CancellationToken, Task>> CreateRunners() => [_secrets.RunAsync, _configMaps.RunAsync];

    /// <summary>The ConfigMap data the signer wants: all non-JWS keys kept, one signature per signing token.</summary>
    public static Dictionary<string, string> ComputeData(IDictionary<string, string> current, IEnumerable<(string Id, string Secret)> tokens)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(tokens);
        var data = current
            .Where(kv => !kv.Key.StartsWith(BootstrapTokenJws.ConfigMapSignatureKeyPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (!current.TryGetValue(KubeconfigKey, out var kubeconfig))
        {
            return data;
        }

        foreach (var (id, secret) in tokens)
        {
            data[BootstrapTokenJws.ConfigMapSignatureKeyPrefix + id] = BootstrapTokenJws.ComputeDetachedSignature(kubeconfig, id, secret);
        }

        return data;
    }

    protected override async Task<TimeSpan?> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (!_configMaps.Synced.IsCompleted || !_secrets.Synced.IsCompleted)
        {
            return TimeSpan.FromMilliseconds(200);
        }

        var configMap = _configMaps.Get(ConfigMapNamespace + "/" + ConfigMapName);
        if (configMap?.Data is null || !configMap.Data.ContainsKey(KubeconfigKey))
        {
            return null;
        }

        var now = TimeProvider.GetUtcNow();
        var tokens = _secrets.Items
            .Where(s => s.Type == BootstrapTokenFormat.SecretType && s.Metadata?.NamespaceProperty == BootstrapTokenFormat.SecretNamespace)
            .Select(s => BootstrapTokenSecrets.GetSigningToken(s, now))
            .OfType<(string Id, string Secret)>()
            .ToList();
        var wanted = ComputeData(configMap.Data, tokens);
        if (wanted.Count == configMap.Data.Count && wanted.All(kv => configMap.Data.TryGetValue(kv.Key, out var v) && v == kv.Value))
        {
            return null;
        }

        var updated = KubernetesObjects.Clone(configMap);
        updated.Data = wanted;
        try
        {
            await _client.CoreV1.ReplaceNamespacedConfigMapAsync(updated, ConfigMapName, ConfigMapNamespace, cancellationToken: cancellationToken);
            Logger.LogInformation("bootstrapsigner: updated {Count} signature(s) in kube-public/cluster-info", tokens.Count);
        }
        catch (HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.Conflict) || ex.IsStatus(HttpStatusCode.NotFound))
        {
            // Retried on the next event, as upstream does.
        }

        return null;
    }
}
