using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Core.Tokens;

/// <summary>Lists, mints, extends and deletes bootstrap tokens. One instance serves every user.</summary>
public interface IBootstrapTokenService
{
    /// <summary>Every bootstrap token Secret in the shared cache, malformed ones included (as <see cref="TokenStatus.Invalid"/>).</summary>
    IReadOnlyList<BootstrapTokenInfo> List();

    /// <summary>Mints a token (needs <see cref="PortalPermission.CreateTokens"/>); throws <see cref="TokenValidationException"/> for bad input (nothing is created then).</summary>
    Task<CreatedToken> CreateAsync(CreateTokenRequest request, PortalActor actor, CancellationToken cancellationToken);

    /// <summary>Needs <see cref="PortalPermission.ManageTokens"/>. Moves the expiration <paramref name="extendBy"/> later (from now when already expired).</summary>
    Task<BootstrapTokenInfo> ExtendAsync(string id, TimeSpan extendBy, PortalActor actor, CancellationToken cancellationToken);

    /// <summary>Needs <see cref="PortalPermission.ManageTokens"/>. Deletes the token's Secret; throws <see cref="BootstrapTokenNotFoundException"/> when there is none.</summary>
    Task DeleteAsync(string id, PortalActor actor, CancellationToken cancellationToken);
}
