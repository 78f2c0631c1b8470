namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// "Who can" from RBAC objects, as kube-apiserver's subject locator computes it (k/k plugin/pkg/auth/authorizer/rbac/subject_locator.go):
/// the <c>system:masters</c> group first, then the subjects of every ClusterRoleBinding whose role allows the request and of
/// every RoleBinding in the request's namespace whose role allows it. Subjects appear once, with every path that grants them.
/// The Node authorizer and webhook authorizers are not modelled.
/// </summary>
public static class RbacWhoCan
{
    /// <summary>The subjects allowed to do <paramref name="request"/> (its user and groups are ignored).</summary>
    public static IReadOnlyList<WhoCanSubject> Evaluate(RbacPolicy policy, RbacRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        var order = new List<(string Kind, string Name, string? Namespace)>();
        var paths = new Dictionary<(string Kind, string Name, string? Namespace), List<WhoCanPath>>();
        Add(order, paths, (RbacSubjects.GroupKind, RbacSubjects.MastersGroup, null), WhoCanPath.Masters);
        foreach (var (binding, rule) in policy.BindingsAllowing(request))
        {
            var path = WhoCanPath.From(binding, rule);
            foreach (var subject in binding.Subjects)
            {
                var ns = RbacSubjects.EffectiveNamespace(subject, binding.Namespace);
                Add(order, paths, (subject.Kind ?? string.Empty, subject.Name ?? string.Empty, ns), path);
            }
        }

        return [.. order.Select(key => new WhoCanSubject(key.Kind, key.Name, key.Namespace, paths[key]))];
    }

    /// <summary>
    /// Subjects allowed <em>all</em> of the requests of each group in <paramref name="allOf"/>, where a group is satisfied by any
    /// of its requests (e.g. approving a CSR: <c>update</c> or <c>patch</c> on <c>/approval</c>, and <c>approve</c> on the signer
    /// or on <c>&lt;domain&gt;/*</c>). Only subjects that hold every part themselves are returned in
    /// <see cref="CombinedWhoCan.Complete"/>; those that hold some parts are in <see cref="CombinedWhoCan.Partial"/> (a person in
    /// one group with one half and another with the other half also gets there, which RBAC objects alone cannot show).
    /// </summary>
    public static CombinedWhoCan EvaluateAll(RbacPolicy policy, IReadOnlyList<IReadOnlyList<RbacRequest>> allOf)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(allOf);
        var perPart = allOf.Select(anyOf => Union(anyOf.Select(r => Evaluate(policy, r)))).ToArray();
        var order = new List<(string, string, string?)>();
        var seen = new HashSet<(string, string, string?)>();
        foreach (var part in perPart)
        {
            foreach (var subject in part)
            {
                if (seen.Add(subject.Key))
                {
                    order.Add(subject.Key);
                }
            }
        }

        var complete = new List<WhoCanSubject>();
        var partial = new List<WhoCanSubject>();
        foreach (var key in order)
        {
            var held = perPart.Select(p => p.FirstOrDefault(s => s.Key == key)).ToArray();
            var via = Merge(held.Where(s => s is not null).SelectMany(s => s!.Via));
            var subject = new WhoCanSubject(key.Item1, key.Item2, key.Item3, via);
            (held.All(s => s is not null) ? complete : partial).Add(subject);
        }

        return new CombinedWhoCan(complete, partial);
    }

    /// <summary>One path per binding and role; the rules that allow the parts are joined.</summary>
    private static WhoCanPath[] Merge(IEnumerable<WhoCanPath> paths) =>
        [.. paths.GroupBy(p => (p.BindingKind, p.BindingNamespace, p.BindingName, p.RoleKind, p.RoleName))
            .Select(g => g.First() with { Rule = string.Join("; ", g.Select(p => p.Rule).Distinct(StringComparer.Ordinal)) })];

    private static List<WhoCanSubject> Union(IEnumerable<IReadOnlyList<WhoCanSubject>> lists)
    {
        var order = new List<(string Kind, string Name, string? Namespace)>();
        var paths = new Dictionary<(string Kind, string Name, string? Namespace), List<WhoCanPath>>();
        foreach (var subject in lists.SelectMany(l => l))
        {
            foreach (var path in subject.Via)
            {
                Add(order, paths, subject.Key, path);
            }
        }

        return [.. order.Select(key => new WhoCanSubject(key.Kind, key.Name, key.Namespace, paths[key]))];
    }

    private static void Add(List<(string Kind, string Name, string? Namespace)> order,
        Dictionary<(string Kind, string Name, string? Namespace), List<WhoCanPath>> paths, (string Kind, string Name, string? Namespace) key, WhoCanPath path)
    {
        if (!paths.TryGetValue(key, out var list))
        {
            paths[key] = list = [];
            order.Add(key);
        }

        if (!list.Contains(path))
        {
            list.Add(path);
        }
    }
}
