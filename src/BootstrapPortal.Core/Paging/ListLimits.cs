namespace BootstrapPortal.Core.Paging;

/// <summary>The bounds of a page: every list query and every paged API endpoint takes 1 to <see cref="MaxLimit"/> rows.</summary>
public static class ListLimits
{
    public const int MaxLimit = 1000;

    public const int DefaultLimit = 100;

    /// <summary>Throws when <paramref name="offset"/> is negative or <paramref name="limit"/> is outside 1..<see cref="MaxLimit"/>.</summary>
    public static void Validate(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
    }
}
