using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Rbac;

/// <summary>Whether an identity holds a <see cref="BootstrapRequirement"/>, by which grants, and what is missing.</summary>
/// <param name="Requirement">The requirement.</param>
/// <param name="Satisfied">True when every request of the requirement is allowed.</param>
/// <param name="Grants">One grant per binding that allows part of it, in the authorizer's order.</param>
/// <param name="Missing">The requests nobody grants, e.g. <c>watch certificatesigningrequests</c>.</param>
public sealed record RequirementResult(BootstrapRequirement Requirement, bool Satisfied, IReadOnlyList<RbacGrant> Grants, IReadOnlyList<string> Missing)
{
    /// <summary>Evaluates <paramref name="requirement"/> for a user with the RBAC evaluator (so a binding that grants the same rules through another role counts).</summary>
    public static RequirementResult Evaluate(RbacPolicy policy, BootstrapRequirement requirement, string user, IReadOnlyList<string> groups)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var grants = new List<RbacGrant>();
        var bindings = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var request in BootstrapRequirements.Requests(requirement, user, groups))
        {
            var any = false;
            foreach (var grant in policy.Grants(request))
            {
                any = true;
                if (bindings.Add(grant.Binding.Key))
                {
                    grants.Add(grant);
                }
            }

            if (!any)
            {
                missing.Add(request.Verb + " " + (request.Subresource is null ? request.Resource : request.Resource + "/" + request.Subresource));
            }
        }

        return new RequirementResult(requirement, missing.Count == 0, grants, missing);
    }

    /// <summary>E.g. <c>ClusterRoleBinding "kubeadm:kubelet-bootstrap" (ClusterRole system:node-bootstrapper, Group system:bootstrappers:…)</c>.</summary>
    public string DescribeGrants() => DescribeGrantsText().ToString();

    /// <summary>The grants, to render in the reader's language: <c>ClusterRoleBinding x of ClusterRole y to Group z</c>.</summary>
    public TextList DescribeGrantsText() => TextList.Of("; ", Grants.Select(g =>
        RbacText.Grant.With(g.Binding.Describe(), g.Binding.RoleKind, g.Binding.RoleName, RbacSubjects.Describe(g.Subject, g.Binding.Namespace))));
}
