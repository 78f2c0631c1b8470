using System.Text.Json.Nodes;
using static BootstrapPortal.Sandbox.Seed.RbacObjects;

namespace BootstrapPortal.Sandbox.Seed;

/// <summary>
/// The rest of kube-apiserver's default RBAC and of kubeadm's, so that an audit of the sandbox sees what it sees on a kubeadm
/// cluster: the user-facing aggregated roles (k/k plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go: <c>admin</c>,
/// <c>edit</c>, <c>view</c> with their <c>aggregationRule</c> and the <c>system:aggregate-to-*</c> roles they gather), the
/// control-plane components' roles and bindings, the roles of the controllers the sandbox runs (controller_policy.go),
/// kube-system's leader-locking roles (namespace_policy.go) and kubeadm's <c>kubeadm:cluster-admins</c>
/// (k/k cmd/kubeadm/app/phases/kubeconfig/kubeconfig.go) and <c>kubeadm:node-proxier</c>.
/// </summary>
internal static class BootstrapPolicy
{
    private const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    private const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    private const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";
    private static readonly string[] Core = [""];
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] EventVerbs = ["create", "patch", "update"];
    private static readonly string[] EventGroups = ["", "events.k8s.io"];
    private static readonly string[] Create = ["create"];

    private static JsonObject Events() => Rule(EventVerbs, EventGroups, ["events"]);

    public static IEnumerable<JsonObject> ClusterRoles()
    {
        yield return Aggregated("admin", AggregateToAdmin, null);
        yield return Aggregated("edit", AggregateToEdit, AggregateToAdmin);
        yield return Aggregated("view", AggregateToView, AggregateToEdit);
        yield return Labeled(ClusterRole("system:aggregate-to-admin", true,
            Rule(Create, ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
            Rule(ReadWrite, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"])), AggregateToAdmin);
        yield return Labeled(ClusterRole("system:aggregate-to-edit", true,
            Rule(Read, Core, ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
            Rule(["impersonate"], Core, ["serviceaccounts"]),
            Rule(Write, Core, ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
            Rule(Create, Core, ["pods/eviction"]),
            Rule(Write, Core, ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets",
                "serviceaccounts", "services", "services/proxy"]),
            Rule(Create, Core, ["serviceaccounts/token"]),
            Rule(Write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale",
                "statefulsets", "statefulsets/scale"]),
            Rule(Write, ["autoscaling"], ["horizontalpodautoscalers"]),
            Rule(Write, ["batch"], ["cronjobs", "jobs"]),
            Rule(Write, ["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies",
                "replicasets", "replicasets/scale", "replicationcontrollers/scale"]),
            Rule(Write, ["policy"], ["poddisruptionbudgets"]),
            Rule(Write, ["networking.k8s.io"], ["ingresses", "networkpolicies"])), AggregateToEdit);
        yield return Labeled(ClusterRole("system:aggregate-to-view", true,
            Rule(Read, Core, ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers",
                "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
            Rule(Read, Core, ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status",
                "resourcequotas", "resourcequotas/status"]),
            Rule(Read, Core, ["namespaces"]),
            Rule(Read, ["discovery.k8s.io"], ["endpointslices"]),
            Rule(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
                "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
            Rule(Read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
            Rule(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
            Rule(Read, ["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses",
                "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"]),
            Rule(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
            Rule(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"])), AggregateToView);
        yield return ClusterRole("system:monitoring", true, NonResourceRule(["get"],
            ["/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis", "/readyz", "/readyz/*"]));
        yield return ClusterRole("system:service-account-issuer-discovery", true, NonResourceRule(["get"],
            ["/.well-known/openid-configuration", "/.well-known/openid-configuration/", "/openid/v1/jwks", "/openid/v1/jwks/"]));
        yield return ClusterRole("system:heapster", true, Rule(Read, Core, ["events", "namespaces", "nodes", "pods"]), Rule(Read, ["extensions"], ["deployments"]));
        yield return ClusterRole("system:node-problem-detector", true, Rule(["get"], Core, ["nodes"]), Rule(["patch"], Core, ["nodes/status"]), Events());
        yield return ClusterRole("system:kubelet-api-admin", true,
            Rule(Read, Core, ["nodes"]), Rule(["proxy"], Core, ["nodes"]),
            Rule(["*"], Core, ["nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"]));
        yield return ClusterRole("system:kube-aggregator", true, Rule(Read, Core, ["endpoints", "services"]));
        yield return ClusterRole("system:kube-dns", true, Rule(["list", "watch"], Core, ["endpoints", "services"]));
        yield return ClusterRole("system:persistent-volume-provisioner", true,
            Rule(["create", "delete", "get", "list", "watch"], Core, ["persistentvolumes"]),
            Rule(["get", "list", "update", "watch"], Core, ["persistentvolumeclaims"]),
            Rule(Read, ["storage.k8s.io"], ["storageclasses"]),
            Rule(["list", "watch"], Core, ["events"]), Events());
        yield return ClusterRole("system:node-proxier", true,
            Rule(["list", "watch"], Core, ["endpoints", "services"]),
            Rule(Read, Core, ["nodes"]),
            Events(),
            Rule(["list", "watch"], ["discovery.k8s.io"], ["endpointslices"]));
        yield return ClusterRole("system:kube-controller-manager", true,
            Events(),
            Rule(Create, ["coordination.k8s.io"], ["leases"]),
            Rule(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-controller-manager"]),
            Rule(Create, Core, ["secrets", "serviceaccounts"]),
            Rule(["delete"], Core, ["secrets"]),
            Rule(["get"], Core, ["configmaps", "namespaces", "secrets", "serviceaccounts"]),
            Rule(["update"], Core, ["secrets", "serviceaccounts"]),
            Rule(Create, ["authentication.k8s.io"], ["tokenreviews"]),
            Rule(Create, ["authorization.k8s.io"], ["subjectaccessreviews"]),
            Rule(["list", "watch"], ["*"], ["*"]),
            Rule(Create, Core, ["serviceaccounts/token"]));
        yield return ClusterRole("system:kube-scheduler", true,
            Events(),
            Rule(Create, ["coordination.k8s.io"], ["leases"]),
            Rule(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-scheduler"]),
            Rule(Read, Core, ["nodes"]),
            Rule(["delete", "get", "list", "watch"], Core, ["pods"]),
            Rule(Create, Core, ["bindings", "pods/binding"]),
            Rule(["patch", "update"], Core, ["pods/status"]),
            Rule(Read, Core, ["replicationcontrollers", "services"]),
            Rule(Read, ["apps", "extensions"], ["replicasets"]),
            Rule(Read, ["apps"], ["statefulsets"]),
            Rule(Read, ["policy"], ["poddisruptionbudgets"]),
            Rule(Read, Core, ["persistentvolumeclaims", "persistentvolumes"]),
            Rule(Create, ["authentication.k8s.io"], ["tokenreviews"]),
            Rule(Create, ["authorization.k8s.io"], ["subjectaccessreviews"]),
            Rule(Read, ["storage.k8s.io"], ["csidrivers", "csinodes", "csistoragecapacities"]),
            Rule(Read, Core, ["namespaces"]));
        yield return ClusterRole("system:volume-scheduler", true,
            Rule(["get", "list", "patch", "update", "watch"], Core, ["persistentvolumes"]),
            Rule(Read, ["storage.k8s.io"], ["storageclasses"]),
            Rule(["get", "list", "patch", "update", "watch"], Core, ["persistentvolumeclaims"]));
        yield return ClusterRole("system:controller:namespace-controller", true,
            Rule(["delete", "deletecollection", "get", "list"], ["*"], ["*"]),
            Rule(["update"], Core, ["namespaces/finalize", "namespaces/status"]),
            Events());
        yield return ClusterRole("system:controller:serviceaccount-controller", true, Rule(Create, Core, ["serviceaccounts"]), Events());
        yield return ClusterRole("system:controller:clusterrole-aggregation-controller", true,
            Rule(["escalate", "get", "list", "patch", "update", "watch"], ["rbac.authorization.k8s.io"], ["clusterroles"]));
    }

    public static IEnumerable<JsonObject> ClusterRoleBindings()
    {
        yield return ClusterRoleBinding("system:monitoring", "system:monitoring", true, Group("system:monitoring"));
        yield return ClusterRoleBinding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery", true, Group("system:serviceaccounts"));
        yield return ClusterRoleBinding("system:node-proxier", "system:node-proxier", true, User("system:kube-proxy"));
        yield return ClusterRoleBinding("system:kube-controller-manager", "system:kube-controller-manager", true, User("system:kube-controller-manager"));
        yield return ClusterRoleBinding("system:kube-dns", "system:kube-dns", true, ServiceAccount("kube-dns", "kube-system"));
        yield return ClusterRoleBinding("system:kube-scheduler", "system:kube-scheduler", true, User("system:kube-scheduler"));
        yield return ClusterRoleBinding("system:volume-scheduler", "system:volume-scheduler", true, User("system:kube-scheduler"));
        foreach (var controller in new[] { "namespace-controller", "serviceaccount-controller", "clusterrole-aggregation-controller" })
        {
            yield return ClusterRoleBinding("system:controller:" + controller, "system:controller:" + controller, true, ServiceAccount(controller, "kube-system"));
        }

        yield return ClusterRoleBinding("kubeadm:cluster-admins", "cluster-admin", false, Group("kubeadm:cluster-admins"));
        yield return ClusterRoleBinding("kubeadm:node-proxier", "system:node-proxier", false, ServiceAccount("kube-proxy", "kube-system"));
    }

    public static IEnumerable<JsonObject> Roles()
    {
        yield return Role("system::leader-locking-kube-controller-manager", "kube-system", true,
            Rule(["watch"], Core, ["configmaps"]), Rule(["get", "update"], Core, ["configmaps"], ["kube-controller-manager"]));
        yield return Role("system::leader-locking-kube-scheduler", "kube-system", true,
            Rule(["watch"], Core, ["configmaps"]), Rule(["get", "update"], Core, ["configmaps"], ["kube-scheduler"]));
        yield return Role("extension-apiserver-authentication-reader", "kube-system", true,
            Rule(Read, Core, ["configmaps"], ["extension-apiserver-authentication"]));
    }

    public static IEnumerable<JsonObject> RoleBindings()
    {
        yield return RoleBinding("system::leader-locking-kube-controller-manager", "kube-system", "Role", "system::leader-locking-kube-controller-manager", true,
            User("system:kube-controller-manager"), ServiceAccount("kube-controller-manager", "kube-system"));
        yield return RoleBinding("system::leader-locking-kube-scheduler", "kube-system", "Role", "system::leader-locking-kube-scheduler", true,
            User("system:kube-scheduler"), ServiceAccount("kube-scheduler", "kube-system"));
        yield return RoleBinding("system::extension-apiserver-authentication-reader", "kube-system", "Role", "extension-apiserver-authentication-reader", true,
            User("system:kube-controller-manager"), User("system:kube-scheduler"));
    }

    /// <summary>The ServiceAccounts kube-controller-manager creates in kube-system for its controllers, plus the kube-proxy/kube-dns ones.</summary>
    public static IEnumerable<string> KubeSystemServiceAccounts() =>
    [
        "bootstrap-signer", "certificate-controller", "clusterrole-aggregation-controller", "kube-proxy", "namespace-controller",
        "serviceaccount-controller", "token-cleaner",
    ];

    private static JsonObject Aggregated(string name, string selectorLabel, string? label)
    {
        var role = ClusterRole(name, true);
        role.Remove("rules");
        role["aggregationRule"] = new JsonObject
        {
            ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [selectorLabel] = "true" } }),
        };
        return label is null ? role : Labeled(role, label);
    }

    private static JsonObject Labeled(JsonObject role, string label)
    {
        ((JsonObject)role["metadata"]!["labels"]!)[label] = "true";
        return role;
    }
}
