namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>
/// The serving policy in force and where it comes from. When the stored ConfigMap cannot be read as a policy,
/// <see cref="Error"/> says why (naming the field), the configuration's rules apply to verdicts, and the approver does not act.
/// </summary>
/// <param name="Rules">The compiled policy verdicts are judged by.</param>
/// <param name="Source">Configuration (nothing saved yet) or the ConfigMap.</param>
/// <param name="Location">The ConfigMap as <c>namespace/name</c>.</param>
/// <param name="ResourceVersion">The ConfigMap's resourceVersion (send it back when saving); null when there is none.</param>
/// <param name="UpdatedBy">Who saved it through the portal.</param>
/// <param name="UpdatedAt">When it was saved through the portal.</param>
/// <param name="Error">Why the stored policy was not used; null when it was (or none is stored).</param>
public sealed record ServingPolicySnapshot(
    ServingPolicyRules Rules,
    ServingPolicySource Source,
    string Location,
    string? ResourceVersion,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt,
    string? Error)
{
    public ServingPolicy Policy => Rules.Policy;

    /// <summary>Whether the policy approver decides serving CSRs now.</summary>
    public bool ApproverActive => Policy.Enabled && Error is null;
}
