namespace BootstrapPortal.Core.Paging;

/// <summary>The direction of a list's order.</summary>
public enum SortDirection
{
    Ascending,
    Descending,
}
