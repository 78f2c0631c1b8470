using System.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>One-line texts for rules, like kube-apiserver's escalation messages (k/k pkg/apis/rbac/v1/evaluation_helpers.go <c>CompactString</c>).</summary>
public static class RbacRuleText
{
    /// <summary><c>{APIGroups:["certificates.k8s.io"], Resources:["signers"], ResourceNames:["kubernetes.io/*"], Verbs:["approve"]}</c>.</summary>
    public static string Compact(V1PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parts = new List<string>();
        Add(parts, "APIGroups", rule.ApiGroups);
        Add(parts, "Resources", rule.Resources);
        Add(parts, "NonResourceURLs", rule.NonResourceURLs);
        Add(parts, "ResourceNames", rule.ResourceNames);
        Add(parts, "Verbs", rule.Verbs);
        return "{" + string.Join(", ", parts) + "}";
    }

    private static void Add(List<string> parts, string label, IList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }

        var text = new StringBuilder(label).Append(":[");
        text.AppendJoin(' ', values.Select(v => "\"" + v + "\""));
        parts.Add(text.Append(']').ToString());
    }
}
