using System.Text.Json.Serialization;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// One bootstrap token Secret as the portal shows it. Never carries the token secret.
/// </summary>
/// <param name="Id">The token id (from <c>token-id</c>, else from the Secret name).</param>
/// <param name="SecretName">The Secret's name in <c>kube-system</c>.</param>
/// <param name="Description">The human <c>description</c> key, if any.</param>
/// <param name="Expiration">The parsed <c>expiration</c>; null when absent or unparseable.</param>
/// <param name="Usages">Usages whose key is exactly <c>"true"</c> (e.g. <c>authentication</c>, <c>signing</c>), sorted.</param>
/// <param name="ExtraGroups">The <c>auth-extra-groups</c> entries (as stored, split on commas).</param>
/// <param name="NodeName">The node the portal minted this token for (annotation), if any.</param>
/// <param name="OneTime">Whether the portal deletes the token once its node's first client certificate is issued.</param>
/// <param name="Status">Status at the time of listing.</param>
/// <param name="InvalidReason">Why the Secret is <see cref="TokenStatus.Invalid"/>, in English (API, search); null otherwise.</param>
/// <param name="CreatedAt">The Secret's creationTimestamp.</param>
/// <param name="UsedByCsrs">Names of CSRs whose <c>spec.username</c> is <c>system:bootstrap:&lt;id&gt;</c>, sorted.</param>
/// <param name="JoinedNodes">Nodes that exist and whose name is the CN <c>system:node:&lt;name&gt;</c> of one of those CSRs, sorted.</param>
public sealed record BootstrapTokenInfo(
    string Id,
    string SecretName,
    string? Description,
    DateTimeOffset? Expiration,
    IReadOnlyList<string> Usages,
    IReadOnlyList<string> ExtraGroups,
    string? NodeName,
    bool OneTime,
    TokenStatus Status,
    string? InvalidReason,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<string> UsedByCsrs,
    IReadOnlyList<string> JoinedNodes)
{
    /// <summary>
    /// When the Secret's deletion was requested (<c>metadata.deletionTimestamp</c>); null unless it is terminating. The API
    /// server's bootstrap authenticator already refuses such a token (k/k plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go).
    /// </summary>
    public DateTimeOffset? DeletionRequestedAt { get; init; }

    /// <summary><see cref="InvalidReason"/> for people, in the reader's language; null when the Secret is valid.</summary>
    [JsonIgnore]
    public PortalText? InvalidReasonText { get; init; }

    public bool Terminating => DeletionRequestedAt is not null;

    /// <summary>What the list shows and filters by: <see cref="TokenListState.Terminating"/> before the status.</summary>
    public TokenListState ListState => Terminating ? TokenListState.Terminating : (TokenListState)(int)Status;
}
