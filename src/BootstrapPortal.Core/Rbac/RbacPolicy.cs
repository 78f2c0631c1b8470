using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// A pure, immutable RBAC evaluator mirroring kube-apiserver's RBAC authorizer (<c>plugin/pkg/auth/authorizer/rbac/rbac.go</c>,
/// <c>pkg/apis/rbac/v1/evaluation_helpers.go</c>):
/// <list type="bullet">
/// <item>allowed if any rule of any role bound to the user, one of its groups or its ServiceAccount matches; no deny rules;</item>
/// <item>ClusterRoleBindings apply everywhere (including namespaced requests); RoleBindings only inside their namespace and may
/// reference a ClusterRole (scoped to that namespace);</item>
/// <item>verb/apiGroup match literally or by <c>*</c>; resource matches <c>*</c>, the exact <c>resource</c> or
/// <c>resource/subresource</c> string, or <c>*/subresource</c>;</item>
/// <item>resourceNames, when present, require a request name (so they never match create, or list/watch without a
/// <c>metadata.name</c> field selector);</item>
/// <item>nonResourceURLs match exactly, <c>*</c>, or by prefix when ending in <c>*</c>.</item>
/// </list>
/// Aggregated ClusterRoles are not expanded (their stored rules are used as-is).
/// </summary>
public sealed class RbacPolicy
{
    private const string ServiceAccountUserPrefix = "system:serviceaccount:";
    private readonly Dictionary<string, V1ClusterRole> clusterRoles;
    private readonly IReadOnlyList<V1ClusterRoleBinding> clusterRoleBindings;
    private readonly Dictionary<(string Namespace, string Name), V1Role> roles;
    private readonly IReadOnlyList<V1RoleBinding> roleBindings;

    public RbacPolicy(IEnumerable<V1ClusterRole> clusterRoles, IEnumerable<V1ClusterRoleBinding> clusterRoleBindings,
        IEnumerable<V1Role> roles, IEnumerable<V1RoleBinding> roleBindings)
    {
        ArgumentNullException.ThrowIfNull(clusterRoles);
        ArgumentNullException.ThrowIfNull(clusterRoleBindings);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(roleBindings);
        this.clusterRoles = clusterRoles.Where(r => r.Metadata?.Name is not null)
            .GroupBy(r => r.Metadata.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        this.clusterRoleBindings = [.. clusterRoleBindings];
        this.roles = roles.Where(r => r.Metadata?.Name is not null)
            .GroupBy(r => (r.Metadata.NamespaceProperty ?? string.Empty, r.Metadata.Name))
            .ToDictionary(g => g.Key, g => g.Last());
        this.roleBindings = [.. roleBindings];
    }

    /// <summary>An empty policy (denies everything).</summary>
    public static RbacPolicy Empty { get; } = new([], [], [], []);

    /// <summary>Evaluates <paramref name="request"/>.</summary>
    public RbacDecision Authorize(RbacRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var binding in clusterRoleBindings)
        {
            var subject = FirstMatchingSubject(binding.Subjects, request, bindingNamespace: null);
            if (subject is null)
            {
                continue;
            }

            var rules = ResolveRoleRef(binding.RoleRef, bindingNamespace: null);
            if (rules.Any(rule => RuleAllows(rule, request)))
            {
                var reason = $"RBAC: allowed by ClusterRoleBinding \"{binding.Metadata?.Name}\" of {binding.RoleRef.Kind} " +
                    $"\"{binding.RoleRef.Name}\" to {Describe(subject)}";
                return new RbacDecision(true, reason, binding.Metadata?.Name, binding.RoleRef.Name);
            }
        }

        if (!string.IsNullOrEmpty(request.Namespace))
        {
            foreach (var binding in roleBindings)
            {
                var ns = binding.Metadata?.NamespaceProperty ?? string.Empty;
                if (!string.Equals(ns, request.Namespace, StringComparison.Ordinal))
                {
                    continue;
                }

                var subject = FirstMatchingSubject(binding.Subjects, request, ns);
                if (subject is null)
                {
                    continue;
                }

                var rules = ResolveRoleRef(binding.RoleRef, ns);
                if (rules.Any(rule => RuleAllows(rule, request)))
                {
                    var reason = $"RBAC: allowed by RoleBinding \"{binding.Metadata?.Name}/{ns}\" of {binding.RoleRef.Kind} " +
                        $"\"{binding.RoleRef.Name}\" to {Describe(subject)}";
                    return new RbacDecision(true, reason, $"{ns}/{binding.Metadata?.Name}", binding.RoleRef.Name);
                }
            }
        }

        return RbacDecision.NoOpinion;
    }

    /// <summary>
    /// All rules that apply to the user in <paramref name="namespace"/> (cluster-wide bindings plus that namespace's RoleBindings),
    /// as a SelfSubjectRulesReview lists them.
    /// </summary>
    public IReadOnlyList<V1PolicyRule> RulesFor(string user, IReadOnlyList<string> groups, string? @namespace)
    {
        var probe = new RbacRequest { User = user, Groups = groups, Verb = string.Empty, Namespace = @namespace };
        var result = new List<V1PolicyRule>();
        foreach (var binding in clusterRoleBindings)
        {
            if (FirstMatchingSubject(binding.Subjects, probe, null) is not null)
            {
                result.AddRange(ResolveRoleRef(binding.RoleRef, null));
            }
        }

        if (!string.IsNullOrEmpty(@namespace))
        {
            foreach (var binding in roleBindings.Where(b => string.Equals(b.Metadata?.NamespaceProperty, @namespace, StringComparison.Ordinal)))
            {
                if (FirstMatchingSubject(binding.Subjects, probe, @namespace) is not null)
                {
                    result.AddRange(ResolveRoleRef(binding.RoleRef, @namespace));
                }
            }
        }

        return result;
    }

    /// <summary>Whether one rule allows the request (<c>RuleAllows</c> of evaluation_helpers.go).</summary>
    public static bool RuleAllows(V1PolicyRule rule, RbacRequest request)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsResourceRequest)
        {
            return Matches(rule.Verbs, request.Verb) && NonResourceUrlMatches(rule.NonResourceURLs, request.Path!);
        }

        var combined = request.Subresource is null ? request.Resource! : request.Resource + "/" + request.Subresource;
        return Matches(rule.Verbs, request.Verb)
            && Matches(rule.ApiGroups, request.ApiGroup)
            && ResourceMatches(rule.Resources, combined, request.Subresource)
            && ResourceNameMatches(rule.ResourceNames, request.Name);
    }

    private static bool Matches(IList<string>? values, string requested) =>
        values is not null && values.Any(v => v == "*" || string.Equals(v, requested, StringComparison.Ordinal));

    private static bool ResourceMatches(IList<string>? resources, string combined, string? subresource)
    {
        if (resources is null)
        {
            return false;
        }

        foreach (var resource in resources)
        {
            if (resource == "*" || string.Equals(resource, combined, StringComparison.Ordinal))
            {
                return true;
            }

            if (subresource is not null && resource.Length == subresource.Length + 2 && resource.StartsWith("*/", StringComparison.Ordinal)
                && string.Equals(resource[2..], subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ResourceNameMatches(IList<string>? names, string? requested)
    {
        if (names is null || names.Count == 0)
        {
            return true;
        }

        return requested is not null && names.Contains(requested, StringComparer.Ordinal);
    }

    private static bool NonResourceUrlMatches(IList<string>? urls, string path)
    {
        if (urls is null)
        {
            return false;
        }

        foreach (var url in urls)
        {
            if (url == "*" || string.Equals(url, path, StringComparison.Ordinal))
            {
                return true;
            }

            if (url.EndsWith('*') && path.StartsWith(url[..^1], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<V1PolicyRule> ResolveRoleRef(V1RoleRef roleRef, string? bindingNamespace)
    {
        if (string.Equals(roleRef.Kind, "ClusterRole", StringComparison.Ordinal))
        {
            return clusterRoles.TryGetValue(roleRef.Name, out var clusterRole) ? clusterRole.Rules ?? [] : [];
        }

        if (string.Equals(roleRef.Kind, "Role", StringComparison.Ordinal) && bindingNamespace is not null)
        {
            return roles.TryGetValue((bindingNamespace, roleRef.Name), out var role) ? role.Rules ?? [] : [];
        }

        return [];
    }

    private static Rbacv1Subject? FirstMatchingSubject(IList<Rbacv1Subject>? subjects, RbacRequest request, string? bindingNamespace)
    {
        if (subjects is null)
        {
            return null;
        }

        foreach (var subject in subjects)
        {
            if (SubjectMatches(subject, request, bindingNamespace))
            {
                return subject;
            }
        }

        return null;
    }

    private static bool SubjectMatches(Rbacv1Subject subject, RbacRequest request, string? bindingNamespace)
    {
        switch (subject.Kind)
        {
            case "User":
                return string.Equals(subject.Name, request.User, StringComparison.Ordinal);
            case "Group":
                return request.Groups.Contains(subject.Name, StringComparer.Ordinal);
            case "ServiceAccount":
                var ns = string.IsNullOrEmpty(subject.NamespaceProperty) ? bindingNamespace : subject.NamespaceProperty;
                return !string.IsNullOrEmpty(ns) &&
                    string.Equals(request.User, ServiceAccountUserPrefix + ns + ":" + subject.Name, StringComparison.Ordinal);
            default:
                return false;
        }
    }

    private static string Describe(Rbacv1Subject subject) => subject.Kind == "ServiceAccount"
        ? $"ServiceAccount \"{subject.Name}/{subject.NamespaceProperty}\""
        : $"{subject.Kind} \"{subject.Name}\"";
}
