namespace BootstrapPortal.Core.Tokens;

/// <summary>Lists, mints, extends and deletes bootstrap tokens. One instance serves every user.</summary>
public interface IBootstrapTokenService
{
    /// <summary>Every bootstrap token Secret in the shared cache, malformed ones included (as <see cref="TokenStatus.Invalid"/>).</summary>
    IReadOnlyList<BootstrapTokenInfo> List();

    /// <summary>Mints a token; throws <see cref="TokenValidationException"/> for bad input (nothing is created then).</summary>
    Task<CreatedToken> CreateAsync(CreateTokenRequest request, string actor, CancellationToken cancellationToken);

    /// <summary>Moves the expiration <paramref name="extendBy"/> later (from now when already expired).</summary>
    Task<BootstrapTokenInfo> ExtendAsync(string id, TimeSpan extendBy, string actor, CancellationToken cancellationToken);

    /// <summary>Deletes the token's Secret; throws <see cref="BootstrapTokenNotFoundException"/> when there is none.</summary>
    Task DeleteAsync(string id, string actor, CancellationToken cancellationToken);
}
