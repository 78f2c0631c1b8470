namespace BootstrapPortal.Core.Flow;

/// <summary>One page of node flows; <paramref name="Page"/> is 1-based and clamped to the pages there are.</summary>
public sealed record FlowPage(IReadOnlyList<NodeFlow> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
