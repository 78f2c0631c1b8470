using System.Text.Json.Serialization;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Rbac;

/// <summary>One row of the bootstrap checklist: a requirement for one group.</summary>
/// <param name="Requirement">What is needed.</param>
/// <param name="Group">The group it is evaluated for (a bootstrap group, or <c>system:nodes</c> for renewals).</param>
/// <param name="ClusterRole">The default ClusterRole that grants it.</param>
/// <param name="Status">Satisfied, missing (something relies on it), or not needed.</param>
/// <param name="SatisfiedBy">The grants, one per binding (the binding may name another group the identity is in).</param>
/// <param name="Missing">The requests nothing grants.</param>
/// <param name="ImpactText">What breaks while it is missing.</param>
/// <param name="UsedByText">Why the group is listed: every token, the group new tokens get, tokens that carry it, or nodes.</param>
/// <param name="Tokens">How many usable tokens carry the group.</param>
/// <param name="NoteText">For a row that is not satisfied: who relies on it, or why nothing does.</param>
public sealed record BootstrapChecklistRow(
    BootstrapRequirement Requirement,
    string Group,
    string ClusterRole,
    ChecklistStatus Status,
    IReadOnlyList<RbacGrant> SatisfiedBy,
    IReadOnlyList<string> Missing,
    [property: JsonIgnore] PortalText ImpactText,
    [property: JsonIgnore] PortalText UsedByText,
    int Tokens,
    [property: JsonIgnore] PortalText? NoteText)
{
    /// <summary>What breaks while it is missing, in English.</summary>
    public string Impact => ImpactText.ToString();

    /// <summary>Why the group is listed, in English.</summary>
    public string UsedBy => UsedByText.ToString();

    /// <summary>The note in English.</summary>
    public string? Note => NoteText?.ToString();

    public string RequirementId => BootstrapRequirements.Id(Requirement);

    public bool Satisfied => Status == ChecklistStatus.Satisfied;
}
