using BootstrapPortal.Core.Rbac;

namespace BootstrapPortal.Sandbox.Auth;

/// <summary>
/// The part of the Node authorizer the bootstrap flow needs (k/k plugin/pkg/auth/authorizer/node/node_authorizer.go): a user <c>system:node:&lt;name&gt;</c> in group
/// <c>system:nodes</c> may get/list/watch nodes, create nodes, update/patch its own Node and nodes/status, create/get/list/watch
/// CSRs and create/update/patch events. Anything else gets no opinion (RBAC decides).
/// </summary>
internal static class NodeAuthorizer
{
    public const string NodeUserPrefix = "system:node:";
    public const string NodesGroup = "system:nodes";

    public static bool Allows(RbacRequest request)
    {
        if (!request.IsResourceRequest || !request.User.StartsWith(NodeUserPrefix, StringComparison.Ordinal)
            || !request.Groups.Contains(NodesGroup))
        {
            return false;
        }

        var nodeName = request.User[NodeUserPrefix.Length..];
        return (request.ApiGroup, request.Resource, request.Subresource) switch
        {
            ("", "nodes", null) when request.Verb is "get" or "list" or "watch" or "create" => true,
            ("", "nodes", null or "status") when request.Verb is "update" or "patch" => request.Name == nodeName,
            ("", "nodes", "status") when request.Verb is "get" => request.Name == nodeName,
            ("certificates.k8s.io", "certificatesigningrequests", null) when request.Verb is "create" or "get" or "list" or "watch" => true,
            ("", "events", null) when request.Verb is "create" or "update" or "patch" => true,
            _ => false,
        };
    }
}
