using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// The extra groups new tokens should carry on this cluster, chosen from what its bindings actually grant: the best
/// outcome wins (auto-approved, then needs approval); among equals the configured <c>Tokens:DefaultGroups</c>, then no extra
/// group, then kubeadm's node group, then groups tokens already use, then the groups bound in ClusterRoleBindings.
/// </summary>
/// <param name="Groups">The extra groups to prefill (empty: <c>system:bootstrappers</c> alone is enough).</param>
/// <param name="Check">What a token with these groups would get.</param>
/// <param name="ExplanationText">One sentence for the form (<see cref="Explanation"/> is its English text).</param>
public sealed record BootstrapGroupAdvice(IReadOnlyList<string> Groups, TokenBootstrapCheck Check, [property: System.Text.Json.Serialization.JsonIgnore] PortalText ExplanationText)
{
    /// <summary>The English sentence.</summary>
    public string Explanation => ExplanationText.ToString();

    public static BootstrapGroupAdvice Choose(RbacPolicy policy, IEnumerable<BootstrapTokenInfo> tokens, IReadOnlyList<string> configuredDefaults)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(configuredDefaults);
        var usage = BootstrapChecklist.GroupsInUse(tokens);
        var candidates = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(IReadOnlyList<string> groups)
        {
            if (seen.Add(string.Join(',', groups)))
            {
                candidates.Add(groups);
            }
        }

        if (configuredDefaults.Count > 0)
        {
            Add(configuredDefaults);
        }

        Add([]);
        Add([TokenOptions.KubeadmNodeGroup]);
        foreach (var (group, _) in usage.Where(kv => kv.Key != BootstrapTokenFormat.DefaultGroup)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Add([group]);
        }

        foreach (var group in policy.ClusterRoleBindings.SelectMany(b => b.Subjects)
            .Where(s => s.Kind == RbacSubjects.GroupKind && s.Name is not null && BootstrapTokenFormat.GroupPattern().IsMatch(s.Name))
            .Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Add([group]);
        }

        (IReadOnlyList<string> Groups, TokenBootstrapCheck Check)? best = null;
        foreach (var groups in candidates)
        {
            var check = TokenBootstrapChecks.EvaluateProposal(policy, groups, BootstrapTokenUsages.Known);
            if (best is null || check.Result < best.Value.Check.Result)
            {
                best = (groups, check);
            }
        }

        var (chosen, result) = best!.Value;
        if (result.Result == TokenBootstrapResult.CannotBootstrap)
        {
            // Nothing grants anything: keep the configured (or kubeadm's) group, so that one fix makes tokens work.
            chosen = configuredDefaults.Count > 0 ? configuredDefaults : [TokenOptions.KubeadmNodeGroup];
            result = TokenBootstrapChecks.EvaluateProposal(policy, chosen, BootstrapTokenUsages.Known);
        }

        var groupsText = chosen.Count == 0 ? RbacText.NoExtraGroup.Text : CommonText.Plain(string.Join(", ", chosen));
        var explanation = (result.Result switch
        {
            TokenBootstrapResult.AutoApproved => RbacText.AdviceAutoApproved,
            TokenBootstrapResult.NeedsApproval => RbacText.AdviceNeedsApproval,
            _ => RbacText.AdviceCannot,
        }).With(groupsText);
        return new BootstrapGroupAdvice(chosen, result, explanation);
    }
}
