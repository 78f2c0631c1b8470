using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Sandbox.Server;
using BootstrapPortal.Sandbox.Storage;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Auth;

/// <summary>
/// Authorization chain like <c>--authorization-mode=Node,RBAC</c> plus the <c>system:masters</c> superuser group.
/// The RBAC policy is rebuilt from the store whenever an RBAC object changes.
/// </summary>
internal sealed class SandboxAuthorizer
{
    private readonly ObjectStore store;
    private volatile CachedPolicy? cache;
    private long rbacGeneration;

    public SandboxAuthorizer(ObjectStore store)
    {
        this.store = store;
        store.Changed += resource =>
        {
            if (resource.Group == "rbac.authorization.k8s.io")
            {
                Interlocked.Increment(ref rbacGeneration);
            }
        };
    }

    public RbacDecision Authorize(RbacRequest request)
    {
        if (request.Groups.Contains(SandboxUser.MastersGroup))
        {
            return new RbacDecision(true, string.Empty);
        }

        var node = NodeAuthorizer.Authorize(request);
        if (node.Allowed)
        {
            return node;
        }

        var rbac = CurrentPolicy().Authorize(request);
        if (rbac.Allowed || node.Reason.Length == 0)
        {
            return rbac;
        }

        // The union authorizer joins the reasons of the authorizers that had no opinion.
        return new RbacDecision(false, rbac.Reason.Length == 0 ? node.Reason : node.Reason + "\n" + rbac.Reason);
    }

    public RbacPolicy CurrentPolicy()
    {
        var generation = Interlocked.Read(ref rbacGeneration);
        var cached = cache;
        if (cached is not null && cached.Generation == generation)
        {
            return cached.Policy;
        }

        var current = new RbacPolicy(
            Load<V1ClusterRole>(ResourceCatalog.ClusterRoles),
            Load<V1ClusterRoleBinding>(ResourceCatalog.ClusterRoleBindings),
            Load<V1Role>(ResourceCatalog.Roles),
            Load<V1RoleBinding>(ResourceCatalog.RoleBindings));
        // Tagged with the generation read before loading: a write during the build makes the next call rebuild.
        cache = new CachedPolicy(current, generation);
        return current;
    }

    /// <summary>Authorizes or throws 403 with the real forbidden message (k8s.io/apiserver pkg/endpoints/handlers/responsewriters/errors.go).</summary>
    public void Require(RbacRequest request)
    {
        var decision = Authorize(request);
        if (decision.Allowed)
        {
            return;
        }

        throw Forbidden(request, decision.Reason);
    }

    public static ApiException Forbidden(RbacRequest request, string reason)
    {
        string message;
        if (!request.IsResourceRequest)
        {
            message = $"User \"{request.User}\" cannot {request.Verb} path \"{request.Path}\"";
        }
        else
        {
            var resource = request.Subresource is null ? request.Resource : request.Resource + "/" + request.Subresource;
            message = string.IsNullOrEmpty(request.Namespace)
                ? $"User \"{request.User}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.ApiGroup}\" at the cluster scope"
                : $"User \"{request.User}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.ApiGroup}\" in the namespace \"{request.Namespace}\"";
        }

        if (reason.Length > 0)
        {
            message += ": " + reason;
        }

        return request.IsResourceRequest
            ? ApiException.Forbidden(request.ApiGroup, request.Resource!, request.Name, message)
            : ApiException.Forbidden(string.Empty, string.Empty, null, message);
    }

    private List<T> Load<T>(ResourceDefinition resource) =>
        [.. store.List(resource, null).Items.Select(o => KubernetesJson.Deserialize<T>(o.Json.GetRawText()))];

    private sealed record CachedPolicy(RbacPolicy Policy, long Generation);
}
