using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// Anonymous users can read <c>kube-public/cluster-info</c>, which <c>kubeadm join</c> token discovery reads before it trusts
/// the API server (k/k cmd/kubeadm/app/discovery/token/token.go): an unauthenticated GET decides, the RBAC objects explain.
/// </summary>
public static class AnonymousClusterInfoCheck
{
    public const string Id = "anonymous-cluster-info";
    private const string Title = "Anonymous users can read kube-public/cluster-info (kubeadm join discovery)";

    /// <summary>kubeadm's Role and RoleBinding (k/k cmd/kubeadm/app/phases/bootstraptoken/clusterinfo/clusterinfo.go).</summary>
    public const string RbacYaml = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: kubeadm:bootstrap-signer-clusterinfo
          namespace: kube-public
        rules:
        - apiGroups: [""]
          resources: ["configmaps"]
          resourceNames: ["cluster-info"]
          verbs: ["get"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: kubeadm:bootstrap-signer-clusterinfo
          namespace: kube-public
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: kubeadm:bootstrap-signer-clusterinfo
        subjects:
        - apiGroup: rbac.authorization.k8s.io
          kind: User
          name: system:anonymous
        """;

    public static PreflightCheck Evaluate(PreflightInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var rbac = inputs.Rbac.Authorize(RbacRequest.ForResource(RbacSubjects.Anonymous, [RbacSubjects.Unauthenticated], "get", "", "configmaps",
            name: BootstrapTokenFormat.ClusterInfoConfigMap, @namespace: BootstrapTokenFormat.ClusterInfoNamespace));
        var rbacText = rbac.Allowed ? rbac.Reason : "no RBAC binding lets system:anonymous get configmaps/cluster-info in kube-public";
        var answer = inputs.Anonymous;
        var evidence = new List<string> { answer.Detail, rbacText };
        return answer.StatusCode switch
        {
            200 => new PreflightCheck(Id, Title, PreflightStatus.Pass, evidence, null),
            401 => new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence,
                "kube-apiserver refuses anonymous requests (--anonymous-auth=false), so kubeadm join --token cannot discover the cluster. " +
                "Enable anonymous auth (optionally limited to /healthz-style paths and cluster-info), or join with file or kubeconfig discovery."),
            403 => new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence,
                "Let anonymous users read only this ConfigMap, as kubeadm does (kubectl apply -f this):\n" + RbacYaml),
            404 => new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence,
                "Create kube-public/cluster-info (kubeadm init phase bootstrap-token does it) with the cluster's server and CA."),
            _ => new PreflightCheck(Id, Title, PreflightStatus.Unknown, evidence, "The portal could not reach the API server without credentials; check the network path."),
        };
    }
}
