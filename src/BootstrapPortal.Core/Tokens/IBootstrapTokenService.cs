using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Core.Tokens;

/// <summary>Lists, mints, extends and deletes bootstrap tokens. One instance serves every user.</summary>
public interface IBootstrapTokenService
{
    /// <summary>Every bootstrap token Secret in the shared cache, malformed ones included (as <see cref="TokenStatus.Invalid"/>).</summary>
    IReadOnlyList<BootstrapTokenInfo> List();

    /// <summary>One page of the token list (filter, order, window) from the shared snapshot; throws <see cref="ArgumentException"/> when the query is out of range.</summary>
    TokenListPage Query(TokenListQuery query);

    /// <summary>The shared snapshot the list and <see cref="Query"/> read: built once per change of the token Secrets, CSRs or Nodes, or when a status changes with the clock.</summary>
    BootstrapTokenSnapshot Snapshot { get; }

    /// <summary>Mints a token (needs <see cref="PortalPermission.CreateTokens"/>); throws <see cref="TokenValidationException"/> for bad input (nothing is created then).</summary>
    Task<CreatedToken> CreateAsync(CreateTokenRequest request, PortalActor actor, CancellationToken cancellationToken);

    /// <summary>Needs <see cref="PortalPermission.ManageTokens"/>. Moves the expiration <paramref name="extendBy"/> later (from now when already expired).</summary>
    Task<BootstrapTokenInfo> ExtendAsync(string id, TimeSpan extendBy, PortalActor actor, CancellationToken cancellationToken);

    /// <summary>Needs <see cref="PortalPermission.ManageTokens"/>. Deletes the token's Secret; throws <see cref="BootstrapTokenNotFoundException"/> when there is none.</summary>
    Task DeleteAsync(string id, PortalActor actor, CancellationToken cancellationToken);
}
