using System.Text;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// The ClusterRoleBindings that make unsatisfied checklist rows satisfied, named like kubeadm's
/// (<c>bootstrapportal:node-bootstrapper:&lt;group&gt;</c>, …) and labelled as the portal's, with their YAML for preview and
/// download (one document per binding, as <c>kubectl apply -f</c> takes it).
/// </summary>
public sealed record BootstrapFixPlan(IReadOnlyList<PlannedBinding> Bindings, string Yaml)
{
    /// <summary>Annotation naming the checklist requirement a binding fixes.</summary>
    public const string RequirementAnnotation = PortalTokenMetadata.Prefix + "bootstrap-requirement";

    public bool IsEmpty => Bindings.Count == 0;

    /// <summary>Plans a fix against the current RBAC objects; throws <see cref="RbacValidationException"/> for a bad group.</summary>
    public static BootstrapFixPlan Create(RbacPolicy policy, BootstrapGroupAdvice advice, BootstrapFixRequest request, string actor)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(request);
        var planned = new List<PlannedBinding>();
        foreach (var (requirement, group) in Targets(advice, request))
        {
            if (!BootstrapRequirements.AppliesToBootstrapGroups(requirement) ? group != RbacSubjects.NodesGroup : !BootstrapRequirements.IsBootstrapGroup(group))
            {
                throw new RbacValidationException(request.Rows is null ? "groups" : "rows",
                    "Each group must be system:bootstrappers or a bootstrap group system:bootstrappers:<name> (lowercase letters, digits, '-' and ':'); " +
                    "renewals are granted to system:nodes only.");
            }

            var (user, identityGroups) = BootstrapRequirements.AppliesToBootstrapGroups(requirement)
                ? BootstrapRequirements.TokenIdentity(null, group == BootstrapTokenFormat.DefaultGroup ? [] : [group])
                : BootstrapRequirements.NodeIdentity(null);
            if (RequirementResult.Evaluate(policy, requirement, user, identityGroups).Satisfied
                || planned.Any(p => p.Requirement == requirement && p.Group == group))
            {
                // Already granted (perhaps through another group or role): a second binding would change nothing.
                continue;
            }

            planned.Add(new PlannedBinding(requirement, group, Binding(requirement, group, actor)));
        }

        return new BootstrapFixPlan(planned, ToYaml(planned.Select(p => p.Binding)));
    }

    private static IEnumerable<(BootstrapRequirement Requirement, string Group)> Targets(BootstrapGroupAdvice advice, BootstrapFixRequest request)
    {
        if (request.Rows is { } rows)
        {
            return rows;
        }

        var requirements = request.Requirements is { Count: > 0 } chosen ? chosen.ToHashSet() : [.. BootstrapRequirements.All];
        IReadOnlyList<string> groups = request.Groups is not null ? [.. request.Groups.Distinct(StringComparer.Ordinal)]
            : advice.Check.Result == TokenBootstrapResult.AutoApproved ? []
            : advice.Groups.Count > 0 ? advice.Groups : [BootstrapTokenFormat.DefaultGroup];
        return BootstrapRequirements.All.Where(requirements.Contains).SelectMany(requirement =>
            (BootstrapRequirements.AppliesToBootstrapGroups(requirement) ? groups : [RbacSubjects.NodesGroup]).Select(group => (requirement, group)));
    }

    /// <summary>The ClusterRoleBinding that grants <paramref name="requirement"/> to <paramref name="group"/>.</summary>
    public static V1ClusterRoleBinding Binding(BootstrapRequirement requirement, string group, string actor) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRoleBinding",
        Metadata = new V1ObjectMeta
        {
            Name = BootstrapRequirements.FixBindingName(requirement, group),
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [PortalTokenMetadata.ManagedByLabel] = PortalTokenMetadata.ManagedByValue,
            },
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [RequirementAnnotation] = BootstrapRequirements.Id(requirement),
                [PortalTokenMetadata.CreatedByAnnotation] = actor,
            },
        },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = RbacBinding.ClusterRoleKind, Name = BootstrapRequirements.ClusterRole(requirement) },
        Subjects = [new Rbacv1Subject { Kind = RbacSubjects.GroupKind, ApiGroup = "rbac.authorization.k8s.io", Name = group }],
    };

    /// <summary>Multi-document YAML (<c>---</c> between objects) written by the client's serializer.</summary>
    public static string ToYaml(IEnumerable<object> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var yaml = new StringBuilder();
        foreach (var obj in objects)
        {
            if (yaml.Length > 0)
            {
                yaml.Append("---\n");
            }

            var text = KubernetesYaml.Serialize(obj);
            yaml.Append(text);
            if (!text.EndsWith('\n'))
            {
                yaml.Append('\n');
            }
        }

        return yaml.ToString();
    }
}
