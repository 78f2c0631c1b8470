namespace BootstrapPortal.Core.Tokens;

/// <summary>What the token list can be ordered by (ties by Secret name). <see cref="Usage"/> is how many CSRs were requested with the token.</summary>
public enum TokenSortKey
{
    Name,
    Expires,
    Created,
    Usage,
}
