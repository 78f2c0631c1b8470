using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's namespace controller (k/k pkg/controller/namespace/deletion/namespaced_resources_deleter.go): for a
/// namespace in phase Terminating it deletes every namespaced resource in it (deletecollection per resource), waits until nothing
/// is left (objects with finalizers stay until their finalizers go), then removes the <c>kubernetes</c> finalizer through
/// <c>/finalize</c>, and the API server deletes the namespace. It also keeps a <c>default</c> ServiceAccount in every active
/// namespace, as the serviceaccount controller does (k/k pkg/controller/serviceaccount/serviceaccounts_controller.go).
/// </summary>
public sealed class NamespaceController : QueueController
{
    private const string KubernetesFinalizer = "kubernetes";
    private readonly IKubernetes _client;
    private readonly IKubernetes _serviceAccounts;
    private readonly ControllerInformer<V1Namespace> _namespaces;

    public NamespaceController(SandboxControllerContext context)
        : base("namespace", context?.LoggerFactory.CreateLogger<NamespaceController>()!, context!.Clock.TimeProvider)
    {
        _client = Own(context.CreateClient(ControllerIdentity.NamespaceController));
        _serviceAccounts = Own(context.CreateClient(ControllerIdentity.ServiceAccountController));
        // Like kube-controller-manager's shared informers, the watch runs as the controller manager itself (system:kube-controller-manager
        // may list and watch everything); the changes are made with the controller's own ServiceAccount.
        var informerClient = Own(context.CreateClient(ControllerIdentity.KubeControllerManager));
        _namespaces = Informers.NamespaceInformer(informerClient, Queue.Add, Logger, TimeProvider);
    }

    protected override IEnumerable<Func<CancellationToken, Task>> CreateRunners() => [_namespaces.RunAsync];

    protected override async Task<TimeSpan?> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var ns = _namespaces.Get(key);
        if (ns?.Metadata is null)
        {
            return null;
        }

        if (ns.Metadata.DeletionTimestamp is null)
        {
            await EnsureDefaultServiceAccountAsync(ns.Metadata.Name, cancellationToken);
            return null;
        }

        if (ns.Spec?.Finalizers?.Contains(KubernetesFinalizer) != true)
        {
            return null;
        }

        var remaining = 0;
        foreach (var resource in ResourceCatalog.All.Where(r => r.Namespaced && r.Verbs.Contains("deletecollection")))
        {
            var path = $"{resource.BasePath}/namespaces/{ns.Metadata.Name}/{resource.Plural}";
            using (var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri(((Kubernetes)_client).BaseUri, path)))
            {
                using var deleted = await ((Kubernetes)_client).HttpClient.SendAsync(delete, cancellationToken);
                if (deleted.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"deleting {resource.Plural} in {ns.Metadata.Name} answered {(int)deleted.StatusCode}");
                }
            }

            using var listed = await ((Kubernetes)_client).HttpClient.GetAsync(new Uri(((Kubernetes)_client).BaseUri, path), cancellationToken);
            var list = JsonNode.Parse(await listed.Content.ReadAsStringAsync(cancellationToken));
            remaining += (list?["items"] as JsonArray)?.Count ?? 0;
        }

        if (remaining > 0)
        {
            // Objects with finalizers: look again shortly, as the controller's requeue does.
            return TimeSpan.FromSeconds(1);
        }

        var finalized = KubernetesObjects.Clone(ns);
        finalized.Spec.Finalizers = [.. finalized.Spec.Finalizers.Where(f => f != KubernetesFinalizer)];
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(((Kubernetes)_client).BaseUri, $"/api/v1/namespaces/{ns.Metadata.Name}/finalize"))
        {
            Content = new StringContent(KubernetesJson.Serialize(finalized), Encoding.UTF8, "application/json"),
        };
        using var response = await ((Kubernetes)_client).HttpClient.SendAsync(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"finalizing namespace {ns.Metadata.Name} answered {(int)response.StatusCode}");
        }

        Logger.LogInformation("namespace: deleted the content of {Namespace} and finalized it", ns.Metadata.Name);
        return response.StatusCode == HttpStatusCode.Conflict ? TimeSpan.FromMilliseconds(200) : null;
    }

    private async Task EnsureDefaultServiceAccountAsync(string ns, CancellationToken cancellationToken)
    {
        try
        {
            await _serviceAccounts.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "default" } }, ns,
                cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.Conflict) || ex.IsStatus(HttpStatusCode.Forbidden))
        {
            // Exists already, or the namespace began terminating.
        }
    }
}
