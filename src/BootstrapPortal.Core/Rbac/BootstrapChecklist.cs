using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// The bootstrap checklist, a pure function of the RBAC objects and the tokens: for <c>system:bootstrappers</c> (every token's
/// group), the group new tokens get and every extra group a usable token carries, whether such tokens may create and read
/// CSRs and get them auto-approved; and for <c>system:nodes</c>, whether renewals are auto-approved. An unsatisfied row is
/// <see cref="ChecklistStatus.Missing"/> only when something relies on it (a token that gets it no other way, the group new
/// tokens get, or nodes), so that a kubeadm cluster, which deliberately grants bootstrapping to its node group only, is not
/// shown red.
/// </summary>
public static class BootstrapChecklist
{
    public static IReadOnlyList<BootstrapChecklistRow> Build(RbacPolicy policy, IReadOnlyList<BootstrapTokenInfo> tokens, BootstrapGroupAdvice advice)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(advice);
        var usable = tokens.Where(IsUsable).ToArray();
        var usage = GroupsInUse(usable);
        var lacking = usable.ToDictionary(t => t, t =>
        {
            var (user, groups) = BootstrapRequirements.TokenIdentity(t.Id, t.ExtraGroups);
            return BootstrapRequirements.All.Where(BootstrapRequirements.AppliesToBootstrapGroups)
                .Where(r => !RequirementResult.Evaluate(policy, r, user, groups).Satisfied).ToHashSet();
        });
        var newTokenGroups = advice.Groups.Count == 0 ? [BootstrapTokenFormat.DefaultGroup] : advice.Groups;

        var rows = new List<BootstrapChecklistRow>();
        foreach (var (group, usedBy) in BootstrapGroups(usage, advice.Groups))
        {
            var (user, groups) = BootstrapRequirements.TokenIdentity(null, group == BootstrapTokenFormat.DefaultGroup ? [] : [group]);
            foreach (var requirement in BootstrapRequirements.All.Where(BootstrapRequirements.AppliesToBootstrapGroups))
            {
                var result = RequirementResult.Evaluate(policy, requirement, user, groups);
                // A token that lacks a requirement relies on its own extra groups for it (one binding to any of them is enough);
                // only a token without extra groups relies on system:bootstrappers, so one gap is not reported twice.
                var relying = usable.Where(t => (group == BootstrapTokenFormat.DefaultGroup ? t.ExtraGroups.Count == 0 : t.ExtraGroups.Contains(group, StringComparer.Ordinal))
                    && lacking[t].Contains(requirement)).Select(t => t.Id).Order(StringComparer.Ordinal).ToArray();
                var forNewTokens = newTokenGroups.Contains(group, StringComparer.Ordinal);
                var status = result.Satisfied ? ChecklistStatus.Satisfied
                    : relying.Length > 0 || forNewTokens ? ChecklistStatus.Missing : ChecklistStatus.NotNeeded;
                rows.Add(Row(requirement, group, result, status, usedBy, usage.GetValueOrDefault(group), Note(status, requirement, relying, forNewTokens)));
            }
        }

        var (nodeUser, nodeGroups) = BootstrapRequirements.NodeIdentity(null);
        var renewals = RequirementResult.Evaluate(policy, BootstrapRequirement.AutoApproveRenewals, nodeUser, nodeGroups);
        rows.Add(Row(BootstrapRequirement.AutoApproveRenewals, RbacSubjects.NodesGroup, renewals,
            renewals.Satisfied ? ChecklistStatus.Satisfied : ChecklistStatus.Missing, RbacText.EveryNodeRenewing.Text, 0,
            renewals.Satisfied ? null : RbacText.EveryNodeRelies.Text));
        return rows;
    }

    /// <summary>Usable tokens per group, <c>system:bootstrappers</c> included.</summary>
    public static IReadOnlyDictionary<string, int> GroupsInUse(IEnumerable<BootstrapTokenInfo> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in tokens.Where(IsUsable))
        {
            counts[BootstrapTokenFormat.DefaultGroup] = counts.GetValueOrDefault(BootstrapTokenFormat.DefaultGroup) + 1;
            foreach (var group in token.ExtraGroups.Distinct(StringComparer.Ordinal))
            {
                counts[group] = counts.GetValueOrDefault(group) + 1;
            }
        }

        return counts;
    }

    /// <summary>A token the API server would authenticate (well-formed, not expired, usage authentication).</summary>
    public static bool IsUsable(BootstrapTokenInfo token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Status is not (TokenStatus.Invalid or TokenStatus.Expired)
            && token.Usages.Contains(BootstrapTokenUsages.Authentication, StringComparer.Ordinal);
    }

    private static IEnumerable<(string Group, PortalText UsedBy)> BootstrapGroups(IReadOnlyDictionary<string, int> usage, IReadOnlyList<string> newTokenGroups)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { BootstrapTokenFormat.DefaultGroup };
        yield return (BootstrapTokenFormat.DefaultGroup, (newTokenGroups.Count == 0 ? RbacText.EveryTokenAlone : RbacText.EveryToken).Text);
        foreach (var group in newTokenGroups.Where(g => seen.Add(g)))
        {
            yield return (group, usage.TryGetValue(group, out var n) ? RbacText.NewTokensGroupUsed.With(RbacText.TokenCount(n)) : RbacText.NewTokensGroup.Text);
        }

        foreach (var (group, count) in usage.Where(kv => seen.Add(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            yield return (group, RbacText.TokenCount(count));
        }
    }

    private static PortalText? Note(ChecklistStatus status, BootstrapRequirement requirement, string[] relying, bool forNewTokens)
    {
        if (status == ChecklistStatus.Satisfied)
        {
            return null;
        }

        if (status == ChecklistStatus.NotNeeded)
        {
            return RbacText.NoTokenRelies.Text;
        }

        var parts = new List<PortalText>();
        if (relying.Length > 0)
        {
            PortalText shown = relying.Length > 5 ? CommonText.AndMore.With(string.Join(", ", relying.Take(5)), relying.Length - 5) : CommonText.Plain(string.Join(", ", relying));
            parts.Add(RbacText.TokensRely.With(RbacText.TokenCount(relying.Length), shown));
        }

        if (forNewTokens)
        {
            parts.Add(RbacText.NewTokensGetGroup.Text);
        }

        return (requirement == BootstrapRequirement.CreateCsrs ? RbacText.GrantOrRecreate : RbacText.GrantOrApprove).With(TextList.Of("; ", parts));
    }

    private static BootstrapChecklistRow Row(BootstrapRequirement requirement, string group, RequirementResult result, ChecklistStatus status,
        PortalText usedBy, int tokens, PortalText? note) =>
        new(requirement, group, BootstrapRequirements.ClusterRole(requirement), status, result.Grants, result.Missing,
            BootstrapRequirements.Impact(requirement), usedBy, tokens, note);
}
