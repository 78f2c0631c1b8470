using BootstrapPortal.Core.Rbac;

namespace BootstrapPortal.Sandbox.Auth;

/// <summary>
/// The Node authorizer (k/k plugin/pkg/auth/authorizer/node/node_authorizer.go, with AuthorizeNodeWithSelectors as in 1.33) for a
/// user <c>system:node:&lt;name&gt;</c> in <c>system:nodes</c>: its own Node may be read (other Nodes and unnamed lists are refused
/// with the upstream reason); Nodes may be created/updated/patched and nodes/status updated/patched (the NodeRestriction
/// admission plugin narrows that to its own Node); Leases only in kube-node-lease; the static node rules (CSRs, events,
/// tokenreviews, subjectaccessreviews, services) as in bootstrappolicy's <c>NodeRules</c>. Secrets, ConfigMaps and Pods need a
/// bound pod, and the sandbox runs none, so they get no opinion. Anything else gets no opinion (RBAC decides).
/// </summary>
internal static class NodeAuthorizer
{
    public const string NodeUserPrefix = "system:node:";
    public const string NodesGroup = "system:nodes";

    public static bool IsNode(string user, IReadOnlyList<string> groups) =>
        user.StartsWith(NodeUserPrefix, StringComparison.Ordinal) && user.Length > NodeUserPrefix.Length && groups.Contains(NodesGroup);

    public static RbacDecision Authorize(RbacRequest request)
    {
        if (!request.IsResourceRequest || !IsNode(request.User, request.Groups))
        {
            return new RbacDecision(false, string.Empty);
        }

        var nodeName = request.User[NodeUserPrefix.Length..];
        switch (request.ApiGroup, request.Resource)
        {
            case ("", "nodes"):
                return AuthorizeNode(nodeName, request);
            case ("coordination.k8s.io", "leases"):
                // authorizeLease: only the node's own lease in kube-node-lease (creates carry no name yet).
                var leaseAllowed = request.Verb is "get" or "create" or "update" or "patch" or "delete" && request.Subresource is null
                    && request.Namespace == "kube-node-lease" && (request.Name is null ? request.Verb == "create" : request.Name == nodeName);
                return new RbacDecision(leaseAllowed, leaseAllowed ? string.Empty : $"can only access node lease with the same name as the requesting node");
            case ("", "secrets" or "configmaps" or "pods" or "persistentvolumeclaims" or "persistentvolumes" or "serviceaccounts"):
                if (request.ApiGroup.Length == 0 && request.Resource == "pods" && request.Verb is "list" or "watch" && request.Subresource is null)
                {
                    // Listing pods needs a spec.nodeName field selector; the sandbox lets the node list and watch them.
                    return new RbacDecision(true, string.Empty);
                }

                return new RbacDecision(false, $"no relationship found between node '{nodeName}' and this object");
        }

        var allowed = (request.ApiGroup, request.Resource, request.Subresource) switch
        {
            ("certificates.k8s.io", "certificatesigningrequests", null) => request.Verb is "create" or "get" or "list" or "watch",
            ("" or "events.k8s.io", "events", null) => request.Verb is "create" or "update" or "patch",
            ("authentication.k8s.io", "tokenreviews", null) => request.Verb == "create",
            ("authorization.k8s.io", "subjectaccessreviews" or "localsubjectaccessreviews", null) => request.Verb == "create",
            ("", "services", null) => request.Verb is "get" or "list" or "watch",
            _ => false,
        };
        return new RbacDecision(allowed, string.Empty);
    }

    private static RbacDecision AuthorizeNode(string nodeName, RbacRequest request)
    {
        switch (request.Subresource)
        {
            case null:
                switch (request.Verb)
                {
                    case "create" or "update" or "patch":
                        return new RbacDecision(true, string.Empty);
                    case "get" or "list" or "watch":
                        if (request.Name == nodeName)
                        {
                            return new RbacDecision(true, string.Empty);
                        }

                        return new RbacDecision(false, request.Name is null
                            ? $"node '{nodeName}' cannot read all nodes, only its own Node object"
                            : $"node '{nodeName}' cannot read '{request.Name}', only its own Node object");
                }

                break;
            case "status" when request.Verb is "update" or "patch":
                return new RbacDecision(true, string.Empty);
        }

        return new RbacDecision(false, string.Empty);
    }
}
