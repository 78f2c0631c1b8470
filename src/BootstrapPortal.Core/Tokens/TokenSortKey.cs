namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// What the token list can be ordered by (ties by Secret name). <see cref="Status"/> ascending is the list page's own order:
/// problems first (invalid, expired, expiring soon, valid, never expiring), each by soonest expiry. <see cref="Expires"/>
/// orders a token that never expires after every expiry. <see cref="Usage"/> is how many CSRs were requested with the token.
/// </summary>
public enum TokenSortKey
{
    Name,
    Expires,
    Created,
    Usage,
    Status,
}
