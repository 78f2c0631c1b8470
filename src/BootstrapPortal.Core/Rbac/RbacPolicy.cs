using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// A pure, immutable RBAC evaluator mirroring kube-apiserver's RBAC authorizer (k/k plugin/pkg/auth/authorizer/rbac/rbac.go,
/// pkg/apis/rbac/v1/evaluation_helpers.go, pkg/registry/rbac/validation/rule.go):
/// <list type="bullet">
/// <item>allowed if any rule of any role bound to the user, one of its groups or its ServiceAccount matches; no deny rules;</item>
/// <item>ClusterRoleBindings apply everywhere (including namespaced requests); RoleBindings only inside their namespace and may
/// reference a ClusterRole (scoped to that namespace);</item>
/// <item>verb/apiGroup match literally or by <c>*</c>; resource matches <c>*</c>, the exact <c>resource</c> or
/// <c>resource/subresource</c> string, or <c>*/subresource</c>;</item>
/// <item>resourceNames, when present, must contain the request's name (an empty name for create, or list/watch without a
/// <c>metadata.name</c> field selector);</item>
/// <item>nonResourceURLs match exactly, <c>*</c>, or by prefix when ending in <c>*</c>.</item>
/// </list>
/// Bindings are resolved against their roles once, at construction. Aggregated ClusterRoles are not expanded: their stored
/// rules are used, as the authorizer does (the aggregation controller writes the rules into the object).
/// </summary>
public sealed class RbacPolicy
{
    private readonly Dictionary<string, V1ClusterRole> clusterRoles;
    private readonly Dictionary<(string Namespace, string Name), V1Role> roles;
    private readonly RbacBinding[] clusterBindings;
    private readonly Dictionary<string, RbacBinding[]> roleBindingsByNamespace;

    public RbacPolicy(IEnumerable<V1ClusterRole> clusterRoles, IEnumerable<V1ClusterRoleBinding> clusterRoleBindings,
        IEnumerable<V1Role> roles, IEnumerable<V1RoleBinding> roleBindings)
    {
        ArgumentNullException.ThrowIfNull(clusterRoles);
        ArgumentNullException.ThrowIfNull(clusterRoleBindings);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(roleBindings);
        this.clusterRoles = clusterRoles.Where(r => r?.Metadata?.Name is not null)
            .GroupBy(r => r.Metadata.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        this.roles = roles.Where(r => r?.Metadata?.Name is not null)
            .GroupBy(r => (r.Metadata.NamespaceProperty ?? string.Empty, r.Metadata.Name))
            .ToDictionary(g => g.Key, g => g.Last());
        clusterBindings = [.. clusterRoleBindings.Where(b => b is not null).Select(Resolve)];
        roleBindingsByNamespace = roleBindings.Where(b => b is not null).Select(Resolve)
            .GroupBy(b => b.Namespace ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        Bindings = [.. clusterBindings, .. roleBindingsByNamespace.OrderBy(g => g.Key, StringComparer.Ordinal).SelectMany(g => g.Value)];
    }

    /// <summary>An empty policy (denies everything).</summary>
    public static RbacPolicy Empty { get; } = new([], [], [], []);

    /// <summary>Every binding, ClusterRoleBindings first (in input order), then RoleBindings by namespace.</summary>
    public IReadOnlyList<RbacBinding> Bindings { get; }

    /// <summary>The ClusterRoleBindings, in input order.</summary>
    public IReadOnlyList<RbacBinding> ClusterRoleBindings => clusterBindings;

    public IEnumerable<V1ClusterRole> ClusterRoles => clusterRoles.Values;

    public IEnumerable<V1Role> Roles => roles.Values;

    public V1ClusterRole? FindClusterRole(string name) => clusterRoles.GetValueOrDefault(name);

    public V1Role? FindRole(string @namespace, string name) => roles.GetValueOrDefault((@namespace, name));

    /// <summary>The RoleBindings of one namespace.</summary>
    public IReadOnlyList<RbacBinding> RoleBindingsIn(string @namespace) =>
        roleBindingsByNamespace.TryGetValue(@namespace, out var bindings) ? bindings : [];

    /// <summary>Evaluates <paramref name="request"/>: the first grant, as the authorizer reports it.</summary>
    public RbacDecision Authorize(RbacRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var grant in Grants(request))
        {
            return grant.ToDecision();
        }

        return RbacDecision.NoOpinion;
    }

    /// <summary>
    /// Every grant that allows <paramref name="request"/>, in the authorizer's order (ClusterRoleBindings, then the RoleBindings
    /// of the request's namespace); one per binding (its first matching subject and first allowing rule).
    /// </summary>
    public IEnumerable<RbacGrant> Grants(RbacRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var binding in clusterBindings)
        {
            if (Evaluate(binding, request, bindingNamespace: null) is { } grant)
            {
                yield return grant;
            }
        }

        if (!string.IsNullOrEmpty(request.Namespace))
        {
            foreach (var binding in RoleBindingsIn(request.Namespace))
            {
                if (Evaluate(binding, request, request.Namespace) is { } grant)
                {
                    yield return grant;
                }
            }
        }
    }

    /// <summary>
    /// The bindings whose role allows <paramref name="request"/> whoever the subject is (its user and groups are ignored):
    /// the basis of "who can" (k/k plugin/pkg/auth/authorizer/rbac/subject_locator.go). RoleBindings count only in the
    /// request's namespace.
    /// </summary>
    public IEnumerable<(RbacBinding Binding, V1PolicyRule Rule)> BindingsAllowing(RbacRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var binding in clusterBindings)
        {
            if (FirstAllowingRule(binding, request) is { } rule)
            {
                yield return (binding, rule);
            }
        }

        if (!string.IsNullOrEmpty(request.Namespace))
        {
            foreach (var binding in RoleBindingsIn(request.Namespace))
            {
                if (FirstAllowingRule(binding, request) is { } rule)
                {
                    yield return (binding, rule);
                }
            }
        }
    }

    /// <summary>
    /// All rules that apply to the user in <paramref name="namespace"/> (cluster-wide bindings plus that namespace's RoleBindings),
    /// as a SelfSubjectRulesReview lists them.
    /// </summary>
    public IReadOnlyList<V1PolicyRule> RulesFor(string user, IReadOnlyList<string> groups, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var result = new List<V1PolicyRule>();
        foreach (var binding in clusterBindings)
        {
            if (FirstMatchingSubject(binding, user, groups, null) is not null)
            {
                result.AddRange(binding.Rules);
            }
        }

        if (!string.IsNullOrEmpty(@namespace))
        {
            foreach (var binding in RoleBindingsIn(@namespace))
            {
                if (FirstMatchingSubject(binding, user, groups, @namespace) is not null)
                {
                    result.AddRange(binding.Rules);
                }
            }
        }

        return result;
    }

    /// <summary>The first subject of <paramref name="binding"/> that names the user, or null (rule.go <c>appliesTo</c>).</summary>
    public static Rbacv1Subject? FirstMatchingSubject(RbacBinding binding, string user, IReadOnlyList<string> groups, string? bindingNamespace)
    {
        ArgumentNullException.ThrowIfNull(binding);
        foreach (var subject in binding.Subjects)
        {
            if (RbacSubjects.AppliesTo(subject, user, groups, bindingNamespace))
            {
                return subject;
            }
        }

        return null;
    }

    /// <summary>Whether one rule allows the request (<c>RuleAllows</c> of rbac.go over the matchers of evaluation_helpers.go).</summary>
    public static bool RuleAllows(V1PolicyRule rule, RbacRequest request)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsResourceRequest)
        {
            return Matches(rule.Verbs, request.Verb) && NonResourceUrlMatches(rule.NonResourceURLs, request.Path!);
        }

        var resource = request.Resource ?? string.Empty;
        var combined = request.Subresource is null ? resource : resource + "/" + request.Subresource;
        return Matches(rule.Verbs, request.Verb)
            && Matches(rule.ApiGroups, request.ApiGroup)
            && ResourceMatches(rule.Resources, combined, request.Subresource)
            && ResourceNameMatches(rule.ResourceNames, request.Name ?? string.Empty);
    }

    private RbacBinding Resolve(V1ClusterRoleBinding binding) =>
        Resolve(RbacBinding.ClusterRoleBindingKind, null, binding.Metadata?.Name ?? string.Empty, binding.RoleRef, binding.Subjects);

    private RbacBinding Resolve(V1RoleBinding binding) =>
        Resolve(RbacBinding.RoleBindingKind, binding.Metadata?.NamespaceProperty ?? string.Empty, binding.Metadata?.Name ?? string.Empty,
            binding.RoleRef, binding.Subjects);

    private RbacBinding Resolve(string kind, string? ns, string name, V1RoleRef? roleRef, IList<Rbacv1Subject>? subjects)
    {
        var roleKind = roleRef?.Kind ?? string.Empty;
        var roleName = roleRef?.Name ?? string.Empty;
        IReadOnlyList<V1PolicyRule>? rules = null;
        if (roleKind == RbacBinding.ClusterRoleKind && clusterRoles.TryGetValue(roleName, out var clusterRole))
        {
            rules = [.. (clusterRole.Rules ?? []).Where(r => r is not null)];
        }
        else if (roleKind == RbacBinding.RoleKindName && ns is not null && roles.TryGetValue((ns, roleName), out var role))
        {
            rules = [.. (role.Rules ?? []).Where(r => r is not null)];
        }

        return new RbacBinding(kind, ns, name, roleKind, roleName, [.. (subjects ?? []).Where(s => s is not null)], rules ?? [], rules is not null);
    }

    private static RbacGrant? Evaluate(RbacBinding binding, RbacRequest request, string? bindingNamespace)
    {
        var subject = FirstMatchingSubject(binding, request.User, request.Groups, bindingNamespace);
        if (subject is null)
        {
            return null;
        }

        var rule = FirstAllowingRule(binding, request);
        return rule is null ? null : new RbacGrant(binding, subject, rule);
    }

    private static V1PolicyRule? FirstAllowingRule(RbacBinding binding, RbacRequest request)
    {
        foreach (var rule in binding.Rules)
        {
            if (RuleAllows(rule, request))
            {
                return rule;
            }
        }

        return null;
    }

    private static bool Matches(IList<string>? values, string requested)
    {
        if (values is null)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (value == "*" || string.Equals(value, requested, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

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

            if (!string.IsNullOrEmpty(subresource) && resource.Length == subresource.Length + 2 && resource.StartsWith("*/", StringComparison.Ordinal)
                && resource.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ResourceNameMatches(IList<string>? names, string requested)
    {
        if (names is null || names.Count == 0)
        {
            return true;
        }

        foreach (var name in names)
        {
            if (string.Equals(name, requested, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
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

            // strings.HasSuffix(ruleURL, "*") && strings.HasPrefix(requestedURL, strings.TrimRight(ruleURL, "*"))
            if (url.EndsWith('*') && path.StartsWith(url.TrimEnd('*'), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
