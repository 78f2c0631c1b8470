using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// Anonymous users can read <c>kube-public/cluster-info</c>, which <c>kubeadm join</c> token discovery reads before it trusts
/// the API server (k/k cmd/kubeadm/app/discovery/token/token.go): an unauthenticated GET decides, the RBAC objects explain.
/// </summary>
public static class AnonymousClusterInfoCheck
{
    public const string Id = "anonymous-cluster-info";
    private static readonly PortalText Title = PreflightText.AnonymousTitle.Text;

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
        var rbacText = rbac.Allowed ? CommonText.Plain(rbac.Reason) : EvidenceText.NoAnonymousBinding.Text;
        var answer = inputs.Anonymous;
        var evidence = new List<PortalText> { answer.Detail, rbacText };
        return answer.StatusCode switch
        {
            200 => new PreflightCheck(Id, Title, PreflightStatus.Pass, evidence, null),
            401 => new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence,
                PreflightText.AnonymousRefusedFix.Text),
            403 => new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence,
                PreflightText.AnonymousForbiddenFix.With(RbacYaml)),
            404 => new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence,
                PreflightText.CreateClusterInfoFix.Text),
            _ => new PreflightCheck(Id, Title, PreflightStatus.Unknown, evidence, PreflightText.AnonymousUnreachableFix.Text),
        };
    }
}
