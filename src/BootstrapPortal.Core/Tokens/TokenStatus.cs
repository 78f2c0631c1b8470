namespace BootstrapPortal.Core.Tokens;

/// <summary>How a bootstrap token Secret looks to an operator.</summary>
public enum TokenStatus
{
    /// <summary>Well-formed and not close to its expiration.</summary>
    Valid,

    /// <summary>Well-formed; expires within <see cref="TokenOptions.ExpiringSoonThreshold"/>.</summary>
    ExpiringSoon,

    /// <summary>Well-formed and past its expiration (the authenticator rejects it; tokencleaner deletes it).</summary>
    Expired,

    /// <summary>Well-formed without an <c>expiration</c> key.</summary>
    NeverExpires,

    /// <summary>Malformed (see <see cref="BootstrapTokenInfo.InvalidReason"/>): the API server ignores or rejects it.</summary>
    Invalid,
}
