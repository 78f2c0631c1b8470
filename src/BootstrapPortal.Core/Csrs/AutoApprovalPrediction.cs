using System.Text.Json.Serialization;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Whether kube-controller-manager's csrapproving would approve the CSR: the recognisers it matches and the outcome of the
/// SubjectAccessReview, evaluated against the cached RBAC objects.
/// </summary>
/// <param name="WouldAutoApprove">True when a recogniser matches and RBAC allows its review.</param>
/// <param name="RecognizedAs">The matching recognisers' subresources (<c>selfnodeclient</c>, <c>nodeclient</c>), in order.</param>
/// <param name="ApprovedBy">The subresource whose review allowed it; null when none did.</param>
/// <param name="RbacReason">The RBAC reason of the allowing review (e.g. <c>RBAC: allowed by ClusterRoleBinding …</c>).</param>
/// <param name="Text">One sentence for people (<see cref="Explanation"/> is its English text).</param>
public sealed record AutoApprovalPrediction(
    bool WouldAutoApprove,
    IReadOnlyList<string> RecognizedAs,
    string? ApprovedBy,
    string? RbacReason,
    [property: JsonIgnore] PortalText Text)
{
    /// <summary>The English sentence.</summary>
    public string Explanation => Text.ToString();
}
