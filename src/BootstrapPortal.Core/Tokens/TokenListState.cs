namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// The token list's state filter: the <see cref="TokenStatus"/> values (same names and order) plus
/// <see cref="Terminating"/>, a Secret whose deletion was requested and which is still there (finalizers); it shows before
/// its status.
/// </summary>
public enum TokenListState
{
    Valid = TokenStatus.Valid,
    ExpiringSoon = TokenStatus.ExpiringSoon,
    Expired = TokenStatus.Expired,
    NeverExpires = TokenStatus.NeverExpires,
    Invalid = TokenStatus.Invalid,
    Terminating,
}
