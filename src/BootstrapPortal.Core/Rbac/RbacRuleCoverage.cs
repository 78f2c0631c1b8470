using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Whether a set of rules covers another rule, as kube-apiserver's escalation check compares them
/// (k/k pkg/registry/rbac/validation/policy_comparator.go <c>Covers</c>): every verb × API group × resource × name the rule
/// names must be allowed by one owner rule, and a <c>*</c> in the rule is covered only by a <c>*</c>.
/// </summary>
public static class RbacRuleCoverage
{
    /// <summary>The rules of <paramref name="rules"/> that <paramref name="owner"/> does not cover.</summary>
    public static IReadOnlyList<V1PolicyRule> Uncovered(IReadOnlyList<V1PolicyRule> owner, IEnumerable<V1PolicyRule> rules)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(rules);
        return [.. rules.Where(r => !Covers(owner, r))];
    }

    public static bool Covers(IReadOnlyList<V1PolicyRule> owner, V1PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(rule);
        var verbs = rule.Verbs ?? [];
        if (rule.NonResourceURLs is { Count: > 0 } urls)
        {
            foreach (var verb in verbs)
            {
                foreach (var url in urls)
                {
                    if (!owner.Any(o => Has(o.Verbs, verb) && UrlCovered(o.NonResourceURLs, url)))
                    {
                        return false;
                    }
                }
            }
        }

        var groups = rule.ApiGroups ?? [];
        var resources = rule.Resources ?? [];
        IList<string> names = rule.ResourceNames is { Count: > 0 } n ? n : [];
        foreach (var verb in verbs)
        {
            foreach (var group in groups)
            {
                foreach (var resource in resources)
                {
                    var covered = owner.Any(o => Has(o.Verbs, verb) && Has(o.ApiGroups, group) && ResourceCovered(o.Resources, resource)
                        && NamesCovered(o.ResourceNames, names));
                    if (!covered)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static bool Has(IList<string>? values, string value) =>
        values is not null && (values.Contains("*") || values.Contains(value));

    private static bool ResourceCovered(IList<string>? owned, string resource)
    {
        if (owned is null)
        {
            return false;
        }

        if (owned.Contains("*") || owned.Contains(resource))
        {
            return true;
        }

        // "*/status" covers "pods/status"; it does not cover "pods" or "*".
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && resource[..slash] != "*" && owned.Contains("*" + resource[slash..]);
    }

    private static bool NamesCovered(IList<string>? owned, IList<string> names) =>
        owned is null || owned.Count == 0 || (names.Count > 0 && names.All(owned.Contains));

    private static bool UrlCovered(IList<string>? owned, string url)
    {
        if (owned is null)
        {
            return false;
        }

        foreach (var candidate in owned)
        {
            if (candidate == "*" || candidate == url)
            {
                return true;
            }

            if (candidate.EndsWith('*') && url.StartsWith(candidate.TrimEnd('*'), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
