using BootstrapPortal.Sandbox.Auth;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// Which API Priority and Fairness flow schema and priority level a request falls into (the suggested and mandatory
/// configuration of k8s.io/apiserver pkg/apis/flowcontrol/bootstrap/default.go), for the <c>X-Kubernetes-Pf-*</c> response
/// headers. The sandbox does not queue requests; the UIDs are stable for the life of the server.
/// </summary>
internal static class FlowControl
{
    private static readonly Dictionary<string, (string FlowSchema, string PriorityLevel)> Uids = new(StringComparer.Ordinal)
    {
        ["exempt"] = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString()),
        ["probes"] = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString()),
        ["system-nodes"] = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString()),
        ["kube-controller-manager"] = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString()),
        ["service-accounts"] = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString()),
        ["global-default"] = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString()),
    };

    public static (string FlowSchema, string PriorityLevel) Classify(SandboxUser user, string path)
    {
        var name = user.Groups.Contains(SandboxUser.MastersGroup) ? "exempt"
            : path is "/healthz" or "/livez" or "/readyz" ? "probes"
            : user.Groups.Contains(NodeAuthorizer.NodesGroup) ? "system-nodes"
            : user.Name.StartsWith("system:serviceaccount:kube-system:", StringComparison.Ordinal) ? "kube-controller-manager"
            : user.Groups.Contains("system:serviceaccounts") ? "service-accounts"
            : "global-default";
        return Uids[name];
    }
}
