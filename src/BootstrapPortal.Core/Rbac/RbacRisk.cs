using BootstrapPortal.Core.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>How dangerous a rule is for a cluster that mints node identities.</summary>
public static class RbacRisk
{
    private static readonly HashSet<string> WriteVerbs = new(StringComparer.Ordinal) { "create", "update", "patch", "delete", "deletecollection", "*" };

    /// <summary>
    /// Critical when the rule reaches Secrets (bootstrap tokens are Secrets), signers, CSR approval or status, impersonation,
    /// escalate/bind, or writes RBAC objects, or has <c>*</c> verbs or resources; High for other writes; Medium for reads.
    /// </summary>
    public static RbacFindingSeverity Classify(V1PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var verbs = rule.Verbs ?? [];
        var resources = rule.Resources ?? [];
        var groups = rule.ApiGroups ?? [];
        if (rule.NonResourceURLs is { Count: > 0 } && resources.Count == 0)
        {
            return verbs.Any(WriteVerbs.Contains) ? RbacFindingSeverity.High : RbacFindingSeverity.Medium;
        }

        var writes = verbs.Any(WriteVerbs.Contains);
        var coreGroup = groups.Contains("") || groups.Contains("*");
        var certificates = groups.Contains(BootstrapRequirements.CertificatesGroup) || groups.Contains("*");
        var rbac = groups.Contains("rbac.authorization.k8s.io") || groups.Contains("*");
        if (verbs.Contains("*") || resources.Contains("*")
            || verbs.Any(v => v is "impersonate" or "escalate" or "bind" or "approve" or "sign")
            || (coreGroup && resources.Contains("secrets"))
            || (certificates && (resources.Contains("signers") || resources.Any(r => r.EndsWith("/approval", StringComparison.Ordinal)
                || (r.EndsWith("/status", StringComparison.Ordinal) && r.StartsWith(BootstrapRequirements.CsrResource, StringComparison.Ordinal)))))
            || (rbac && writes))
        {
            return RbacFindingSeverity.Critical;
        }

        return writes ? RbacFindingSeverity.High : RbacFindingSeverity.Medium;
    }

    /// <summary>The worst severity of <paramref name="rules"/> (Low when there are none).</summary>
    public static RbacFindingSeverity Worst(IEnumerable<V1PolicyRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var worst = RbacFindingSeverity.Low;
        foreach (var rule in rules)
        {
            var severity = Classify(rule);
            if (severity < worst)
            {
                worst = severity;
            }
        }

        return worst;
    }

    /// <summary>Whether the rule uses a wildcard over certificates, signers or Secrets (or names no signer, so any).</summary>
    public static PortalText? WildcardOverSensitive(V1PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var verbs = rule.Verbs ?? [];
        var resources = rule.Resources ?? [];
        var groups = rule.ApiGroups ?? [];
        var anyGroup = groups.Contains("*");
        var certificates = anyGroup || groups.Contains(BootstrapRequirements.CertificatesGroup);
        var core = anyGroup || groups.Contains("");
        if (resources.Contains("*") && (certificates || core))
        {
            return (anyGroup ? FindingText.EveryResourceEveryGroup
                : core ? FindingText.EveryCoreResource : FindingText.EveryCertificatesResource).Text;
        }

        if (certificates && resources.Any(r => r is BootstrapRequirements.CsrResource or "certificatesigningrequests/*" or "*/approval") && verbs.Contains("*"))
        {
            return FindingText.EveryCsrVerb.Text;
        }

        if (certificates && resources.Contains("signers") && verbs.Any(v => v is "*" or "approve" or "sign"))
        {
            if (rule.ResourceNames is not { Count: > 0 } names)
            {
                return FindingText.EverySigner.Text;
            }

            if (names.FirstOrDefault(n => n.EndsWith("/*", StringComparison.Ordinal) || n == "*") is { } wildcard)
            {
                return FindingText.EverySignerMatching.With(wildcard);
            }
        }

        if (core && resources.Contains("secrets") && verbs.Contains("*"))
        {
            return FindingText.EverySecretVerb.Text;
        }

        return null;
    }
}
