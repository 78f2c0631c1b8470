using k8s.Models;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>Every resource the sandbox serves (k8s.io/apiserver pkg/endpoints/installer.go).</summary>
internal static class ResourceCatalog
{
    private static readonly string[] CrudVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] CreateOnly = ["create"];
    private static readonly string[] ReadOnly = ["get", "list", "watch"];

    public static readonly ResourceDefinition Namespaces = new("", "v1", "Namespace", "namespaces", "namespace", false,
        ["create", "delete", "get", "list", "patch", "update", "watch"], ["ns"], ["status", "finalize"], ["status.phase"], typeof(V1Namespace));

    public static readonly ResourceDefinition ServiceAccounts = new("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true, CrudVerbs, ["sa"], ["token"], [], typeof(V1ServiceAccount));

    /// <summary>Pods are served read-only: the sandbox has no scheduler or container runtime (writes answer 405).</summary>
    public static readonly ResourceDefinition Pods = new("", "v1", "Pod", "pods", "pod", true, ReadOnly, ["po"], [],
        ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"], typeof(V1Pod));

    public static readonly ResourceDefinition Leases = new("coordination.k8s.io", "v1", "Lease", "leases", "lease", true, CrudVerbs, [], [], [], typeof(V1Lease));

    public static readonly ResourceDefinition Secrets = new("", "v1", "Secret", "secrets", "secret", true, CrudVerbs, [], [], ["type"], typeof(V1Secret));

    public static readonly ResourceDefinition ConfigMaps = new("", "v1", "ConfigMap", "configmaps", "configmap", true, CrudVerbs, ["cm"], [], [], typeof(V1ConfigMap));

    public static readonly ResourceDefinition Nodes = new("", "v1", "Node", "nodes", "node", false, CrudVerbs, ["no"], ["status"], ["spec.unschedulable"], typeof(V1Node));

    public static readonly ResourceDefinition Events = new("", "v1", "Event", "events", "event", true, CrudVerbs, ["ev"], [],
        ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
         "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"], typeof(Corev1Event));

    /// <summary>events.k8s.io/v1 Events: the core Events' storage, converted (<see cref="EventConversion"/>).</summary>
    public static readonly ResourceDefinition EventsV1 = new("events.k8s.io", "v1", "Event", "events", "event", true, CrudVerbs, ["ev"], [],
        EventConversion.FieldLabels, typeof(Eventsv1Event))
    {
        StorageResource = Events,
    };

    public static readonly ResourceDefinition CertificateSigningRequests = new("certificates.k8s.io", "v1", "CertificateSigningRequest",
        "certificatesigningrequests", "certificatesigningrequest", false, CrudVerbs, ["csr"], ["approval", "status"], ["spec.signerName"], typeof(V1CertificateSigningRequest));

    public static readonly ResourceDefinition ClusterRoles = new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", false, CrudVerbs, [], [], [], typeof(V1ClusterRole));

    public static readonly ResourceDefinition ClusterRoleBindings = new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", false, CrudVerbs, [], [], [], typeof(V1ClusterRoleBinding));

    public static readonly ResourceDefinition Roles = new("rbac.authorization.k8s.io", "v1", "Role", "roles", "role", true, CrudVerbs, [], [], [], typeof(V1Role));

    public static readonly ResourceDefinition RoleBindings = new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", true, CrudVerbs, [], [], [], typeof(V1RoleBinding));

    public static readonly ResourceDefinition SubjectAccessReviews = new("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", "subjectaccessreview", false, CreateOnly, [], [], [], typeof(V1SubjectAccessReview));

    public static readonly ResourceDefinition SelfSubjectAccessReviews = new("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", "selfsubjectaccessreview", false, CreateOnly, [], [], [], typeof(V1SelfSubjectAccessReview));

    public static readonly ResourceDefinition SelfSubjectRulesReviews = new("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", "selfsubjectrulesreview", false, CreateOnly, [], [], [], typeof(V1SelfSubjectRulesReview));

    public static readonly ResourceDefinition LocalSubjectAccessReviews = new("authorization.k8s.io", "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", "localsubjectaccessreview", true, CreateOnly, [], [], [], typeof(V1LocalSubjectAccessReview));

    public static readonly ResourceDefinition SelfSubjectReviews = new("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", "selfsubjectreview", false, CreateOnly, [], [], [], typeof(V1SelfSubjectReview));

    public static readonly ResourceDefinition TokenReviews = new("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", "tokenreview", false, CreateOnly, [], [], [], typeof(V1TokenReview));

    public static readonly IReadOnlyList<ResourceDefinition> All =
    [
        Namespaces, Secrets, ConfigMaps, Nodes, Events, ServiceAccounts, Pods, EventsV1, CertificateSigningRequests, Leases, ClusterRoles, ClusterRoleBindings, Roles, RoleBindings,
        SubjectAccessReviews, SelfSubjectAccessReviews, SelfSubjectRulesReviews, LocalSubjectAccessReviews, SelfSubjectReviews, TokenReviews,
    ];

    /// <summary>API groups other than core, in discovery order.</summary>
    public static readonly IReadOnlyList<string> Groups = ["events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "rbac.authorization.k8s.io", "certificates.k8s.io", "coordination.k8s.io"];

    public static ResourceDefinition? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public static IEnumerable<ResourceDefinition> InGroupVersion(string group, string version) =>
        All.Where(r => r.Group == group && r.Version == version);
}
