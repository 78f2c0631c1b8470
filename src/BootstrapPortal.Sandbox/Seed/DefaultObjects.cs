using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;
using BootstrapPortal.Sandbox.Storage;
using static BootstrapPortal.Sandbox.Seed.RbacObjects;

namespace BootstrapPortal.Sandbox.Seed;

/// <summary>
/// Objects present at start: the four namespaces, default bootstrap RBAC (k/k plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go), the controllers'
/// roles (<c>namespace_policy.go</c>, <c>controller_policy.go</c>), kubeadm's bootstrap RBAC
/// (k/k cmd/kubeadm/app/phases/bootstraptoken/node/tlsbootstrap.go) and the <c>cluster-info</c> ConfigMap.
/// </summary>
internal static class DefaultObjects
{
    private const string Certificates = "certificates.k8s.io";
    private const string Csrs = "certificatesigningrequests";
    private const string KubeadmNodeTokenGroup = "system:bootstrappers:kubeadm:default-node-token";
    private static readonly string[] Get = ["get"];
    private static readonly string[] Create = ["create"];
    private static readonly string[] Core = [""];
    private static readonly string[] EventVerbs = ["create", "patch", "update"];
    private static readonly string[] EventGroups = ["", "events.k8s.io"];
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    public static void Seed(ObjectStore store, string clusterInfoKubeconfig)
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            store.Create(ResourceCatalog.Namespaces, null, new JsonObject
            {
                ["kind"] = "Namespace",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            });
        }

        foreach (var role in ClusterRoles().Concat(BootstrapPolicy.ClusterRoles()))
        {
            store.Create(ResourceCatalog.ClusterRoles, null, role);
        }

        foreach (var binding in ClusterRoleBindings().Concat(BootstrapPolicy.ClusterRoleBindings()))
        {
            store.Create(ResourceCatalog.ClusterRoleBindings, null, binding);
        }

        foreach (var role in Roles().Concat(BootstrapPolicy.Roles()))
        {
            store.Create(ResourceCatalog.Roles, role["metadata"]!["namespace"]!.GetValue<string>(), role);
        }

        foreach (var binding in RoleBindings().Concat(BootstrapPolicy.RoleBindings()))
        {
            store.Create(ResourceCatalog.RoleBindings, binding["metadata"]!["namespace"]!.GetValue<string>(), binding);
        }

        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            store.Create(ResourceCatalog.ServiceAccounts, ns, ServiceAccountObject("default", ns));
        }

        foreach (var name in BootstrapPolicy.KubeSystemServiceAccounts())
        {
            store.Create(ResourceCatalog.ServiceAccounts, "kube-system", ServiceAccountObject(name, "kube-system"));
        }

        store.Create(ResourceCatalog.ConfigMaps, "kube-public", new JsonObject
        {
            ["kind"] = "ConfigMap",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = "cluster-info", ["namespace"] = "kube-public" },
            ["data"] = new JsonObject { ["kubeconfig"] = clusterInfoKubeconfig },
        });
    }

    private static JsonObject ServiceAccountObject(string name, string ns) => new()
    {
        ["kind"] = "ServiceAccount",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
    };

    private static IEnumerable<JsonObject> ClusterRoles()
    {
        yield return ClusterRole("cluster-admin", true, Rule(["*"], ["*"], ["*"]), NonResourceRule(["*"], ["*"]));
        yield return ClusterRole("system:discovery", true, NonResourceRule(Get,
            ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]));
        yield return ClusterRole("system:public-info-viewer", true, NonResourceRule(Get, ["/healthz", "/livez", "/readyz", "/version", "/version/"]));
        yield return ClusterRole("system:basic-user", true,
            Rule(Create, ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(Create, ["authentication.k8s.io"], ["selfsubjectreviews"]));
        yield return ClusterRole("system:auth-delegator", true,
            Rule(Create, ["authentication.k8s.io"], ["tokenreviews"]),
            Rule(Create, ["authorization.k8s.io"], ["subjectaccessreviews"]));
        yield return ClusterRole("system:node-bootstrapper", true, Rule(["create", "get", "list", "watch"], [Certificates], [Csrs]));
        yield return ClusterRole("system:certificates.k8s.io:certificatesigningrequests:nodeclient", true, Rule(Create, [Certificates], [Csrs + "/nodeclient"]));
        yield return ClusterRole("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", true, Rule(Create, [Certificates], [Csrs + "/selfnodeclient"]));
        yield return ClusterRole("system:certificates.k8s.io:kube-apiserver-client-kubelet-approver", true, Rule(["approve"], [Certificates], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]));
        yield return ClusterRole("system:certificates.k8s.io:kube-apiserver-client-approver", true, Rule(["approve"], [Certificates], ["signers"], ["kubernetes.io/kube-apiserver-client"]));
        yield return ClusterRole("system:certificates.k8s.io:kubelet-serving-approver", true, Rule(["approve"], [Certificates], ["signers"], ["kubernetes.io/kubelet-serving"]));
        yield return ClusterRole("system:certificates.k8s.io:legacy-unknown-approver", true, Rule(["approve"], [Certificates], ["signers"], ["kubernetes.io/legacy-unknown"]));
        // NodeRules of bootstrappolicy/policy.go (the binding has no subjects: nodes are authorized by the Node authorizer).
        yield return ClusterRole("system:node", true,
            Rule(Create, ["authentication.k8s.io"], ["tokenreviews"]),
            Rule(Create, ["authorization.k8s.io"], ["localsubjectaccessreviews", "subjectaccessreviews"]),
            Rule(ReadVerbs, Core, ["services"]),
            Rule(["create", "get", "list", "watch"], Core, ["nodes"]),
            Rule(["patch", "update"], Core, ["nodes/status"]),
            Rule(["patch", "update"], Core, ["nodes"]),
            Rule(EventVerbs, EventGroups, ["events"]),
            Rule(ReadVerbs, Core, ["pods"]),
            Rule(["create", "delete"], Core, ["pods"]),
            Rule(["patch", "update"], Core, ["pods/status"]),
            Rule(Create, Core, ["pods/eviction"]),
            Rule(ReadVerbs, Core, ["configmaps", "secrets"]),
            Rule(Get, Core, ["persistentvolumeclaims", "persistentvolumes"]),
            Rule(Get, Core, ["endpoints"]),
            Rule(["create", "get", "list", "watch"], [Certificates], [Csrs]),
            Rule(["create", "delete", "get", "patch", "update"], ["coordination.k8s.io"], ["leases"]),
            Rule(Get, ["storage.k8s.io"], ["volumeattachments"]),
            Rule(Create, Core, ["serviceaccounts/token"]),
            Rule(["get", "patch", "update"], Core, ["persistentvolumeclaims/status"]),
            Rule(ReadVerbs, ["storage.k8s.io"], ["csidrivers"]),
            Rule(["create", "delete", "get", "patch", "update"], ["storage.k8s.io"], ["csinodes"]),
            Rule(ReadVerbs, ["node.k8s.io"], ["runtimeclasses"]));
        yield return ClusterRole("system:controller:certificate-controller", true,
            Rule(["delete", "get", "list", "watch"], [Certificates], [Csrs]),
            Rule(["update"], [Certificates], [Csrs + "/approval", Csrs + "/status"]),
            Rule(["approve"], [Certificates], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]),
            Rule(["sign"], [Certificates], ["signers"],
                ["kubernetes.io/legacy-unknown", "kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving"]),
            Rule(Create, ["authorization.k8s.io"], ["subjectaccessreviews"]),
            Rule(EventVerbs, EventGroups, ["events"]));
        yield return ClusterRole("kubeadm:get-nodes", false, Rule(Get, Core, ["nodes"]));
    }

    private static IEnumerable<JsonObject> ClusterRoleBindings()
    {
        yield return ClusterRoleBinding("cluster-admin", "cluster-admin", true, Group("system:masters"));
        yield return ClusterRoleBinding("system:basic-user", "system:basic-user", true, Group("system:authenticated"));
        yield return ClusterRoleBinding("system:discovery", "system:discovery", true, Group("system:authenticated"));
        yield return ClusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", true, Group("system:authenticated"), Group("system:unauthenticated"));
        yield return ClusterRoleBinding("system:node", "system:node", true);
        yield return ClusterRoleBinding("system:controller:certificate-controller", "system:controller:certificate-controller", true,
            ServiceAccount("certificate-controller", "kube-system"));
        yield return ClusterRoleBinding("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", false, Group(KubeadmNodeTokenGroup));
        yield return ClusterRoleBinding("kubeadm:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", false, Group(KubeadmNodeTokenGroup));
        yield return ClusterRoleBinding("kubeadm:node-autoapprove-certificate-rotation", "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", false, Group("system:nodes"));
        yield return ClusterRoleBinding("kubeadm:get-nodes", "kubeadm:get-nodes", false, Group(KubeadmNodeTokenGroup));
    }

    private static IEnumerable<JsonObject> Roles()
    {
        yield return Role("system:controller:bootstrap-signer", "kube-system", true, Rule(ReadVerbs, Core, ["secrets"]));
        yield return Role("system:controller:token-cleaner", "kube-system", true,
            Rule(["delete", "get", "list", "watch"], Core, ["secrets"]), Rule(EventVerbs, EventGroups, ["events"]));
        yield return Role("system:controller:bootstrap-signer", "kube-public", true,
            Rule(ReadVerbs, Core, ["configmaps"]), Rule(["update"], Core, ["configmaps"], ["cluster-info"]), Rule(EventVerbs, EventGroups, ["events"]));
        yield return Role("kubeadm:bootstrap-signer-clusterinfo", "kube-public", false, Rule(Get, Core, ["configmaps"], ["cluster-info"]));
        yield return Role("kubeadm:kubelet-config", "kube-system", false, Rule(Get, Core, ["configmaps"], ["kubelet-config"]));
        yield return Role("kubeadm:nodes-kubeadm-config", "kube-system", false, Rule(Get, Core, ["configmaps"], ["kubeadm-config"]));
    }

    private static IEnumerable<JsonObject> RoleBindings()
    {
        yield return RoleBinding("system:controller:bootstrap-signer", "kube-system", "Role", "system:controller:bootstrap-signer", true, ServiceAccount("bootstrap-signer", "kube-system"));
        yield return RoleBinding("system:controller:token-cleaner", "kube-system", "Role", "system:controller:token-cleaner", true, ServiceAccount("token-cleaner", "kube-system"));
        yield return RoleBinding("system:controller:bootstrap-signer", "kube-public", "Role", "system:controller:bootstrap-signer", true, ServiceAccount("bootstrap-signer", "kube-system"));
        yield return RoleBinding("kubeadm:bootstrap-signer-clusterinfo", "kube-public", "Role", "kubeadm:bootstrap-signer-clusterinfo", false, User("system:anonymous"));
        yield return RoleBinding("kubeadm:kubelet-config", "kube-system", "Role", "kubeadm:kubelet-config", false, Group("system:nodes"), Group(KubeadmNodeTokenGroup));
        yield return RoleBinding("kubeadm:nodes-kubeadm-config", "kube-system", "Role", "kubeadm:nodes-kubeadm-config", false, Group(KubeadmNodeTokenGroup), Group("system:nodes"));
    }
}
