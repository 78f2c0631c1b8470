using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Whether one set of RBAC rules covers another, as kube-apiserver decides it when preventing privilege escalation
/// (k8s.io/component-helpers auth/rbac/validation/policy_comparator.go <c>Covers</c>, k/k pkg/registry/rbac/validation/rule.go
/// <c>ConfirmNoEscalation</c>): every servant rule is broken down into one verb × group × resource × name (or verb × URL) and
/// each piece must be allowed by some owner rule; what is not covered is reported in kube-apiserver's compact rule text.
/// </summary>
public static class RbacRuleCoverage
{
    /// <summary>The pieces of <paramref name="servantRules"/> that no rule of <paramref name="ownerRules"/> covers (empty = covered).</summary>
    public static IReadOnlyList<V1PolicyRule> Missing(IEnumerable<V1PolicyRule> ownerRules, IEnumerable<V1PolicyRule> servantRules)
    {
        ArgumentNullException.ThrowIfNull(ownerRules);
        ArgumentNullException.ThrowIfNull(servantRules);
        var owners = ownerRules.ToList();
        var missing = new List<V1PolicyRule>();
        foreach (var piece in servantRules.SelectMany(Breakdown))
        {
            if (!owners.Any(owner => Covers(owner, piece)))
            {
                missing.Add(piece);
            }
        }

        return Compact(missing);
    }

    /// <summary><c>CompactString</c> of k/k pkg/apis/rbac/v1/helpers.go: <c>{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}</c>.</summary>
    public static string CompactString(V1PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parts = new List<string>();
        void Add(string name, IList<string>? values)
        {
            if (values is { Count: > 0 })
            {
                parts.Add(name + ":[" + string.Join(' ', values.Select(Quote)) + "]");
            }
        }

        Add("APIGroups", rule.ApiGroups);
        Add("Resources", rule.Resources);
        Add("NonResourceURLs", rule.NonResourceURLs);
        Add("ResourceNames", rule.ResourceNames);
        Add("Verbs", rule.Verbs);
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>Go's <c>%q</c> of a string.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static IEnumerable<V1PolicyRule> Breakdown(V1PolicyRule rule)
    {
        var verbs = rule.Verbs ?? [];
        if (rule.NonResourceURLs is { Count: > 0 } urls)
        {
            foreach (var url in urls)
            {
                foreach (var verb in verbs)
                {
                    yield return new V1PolicyRule { NonResourceURLs = [url], Verbs = [verb] };
                }
            }

            yield break;
        }

        foreach (var group in rule.ApiGroups ?? [])
        {
            foreach (var resource in rule.Resources ?? [])
            {
                foreach (var verb in verbs)
                {
                    if (rule.ResourceNames is { Count: > 0 } names)
                    {
                        foreach (var name in names)
                        {
                            yield return new V1PolicyRule { ApiGroups = [group], Resources = [resource], ResourceNames = [name], Verbs = [verb] };
                        }
                    }
                    else
                    {
                        yield return new V1PolicyRule { ApiGroups = [group], Resources = [resource], Verbs = [verb] };
                    }
                }
            }
        }
    }

    private static bool Covers(V1PolicyRule owner, V1PolicyRule piece)
    {
        var verb = piece.Verbs![0];
        if (!(owner.Verbs?.Contains("*") == true || owner.Verbs?.Contains(verb) == true))
        {
            return false;
        }

        if (piece.NonResourceURLs is { Count: 1 } urls)
        {
            var url = urls[0];
            return owner.NonResourceURLs?.Any(o => o == "*" || o == url || (o.EndsWith('*') && url.StartsWith(o[..^1], StringComparison.Ordinal))) == true;
        }

        if (owner.NonResourceURLs is { Count: > 0 } && owner.Resources is not { Count: > 0 })
        {
            return false;
        }

        var group = piece.ApiGroups![0];
        if (!(owner.ApiGroups?.Contains("*") == true || owner.ApiGroups?.Contains(group) == true))
        {
            return false;
        }

        var resource = piece.Resources![0];
        var resourceCovered = owner.Resources?.Any(o => o == "*" || o == resource
            || (resource.Contains('/', StringComparison.Ordinal) && (o == resource.Split('/', 2)[0] + "/*" || o == "*/" + resource.Split('/', 2)[1]))) == true;
        if (!resourceCovered)
        {
            return false;
        }

        if (owner.ResourceNames is not { Count: > 0 })
        {
            return true;
        }

        return piece.ResourceNames is { Count: 1 } names && owner.ResourceNames.Contains(names[0]);
    }

    /// <summary><c>CompactRules</c>: pieces that differ only in verb are merged.</summary>
    private static List<V1PolicyRule> Compact(List<V1PolicyRule> rules)
    {
        var result = new List<V1PolicyRule>();
        foreach (var rule in rules)
        {
            var same = result.FirstOrDefault(r => Same(r.ApiGroups, rule.ApiGroups) && Same(r.Resources, rule.Resources)
                && Same(r.ResourceNames, rule.ResourceNames) && Same(r.NonResourceURLs, rule.NonResourceURLs));
            if (same is null)
            {
                result.Add(new V1PolicyRule
                {
                    ApiGroups = rule.ApiGroups,
                    Resources = rule.Resources,
                    ResourceNames = rule.ResourceNames,
                    NonResourceURLs = rule.NonResourceURLs,
                    Verbs = [.. rule.Verbs ?? []],
                });
            }
            else if (!same.Verbs.Contains(rule.Verbs![0]))
            {
                same.Verbs.Add(rule.Verbs[0]);
            }
        }

        return result;
    }

    private static bool Same(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);
}
