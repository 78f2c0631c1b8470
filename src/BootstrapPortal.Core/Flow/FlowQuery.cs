namespace BootstrapPortal.Core.Flow;

/// <summary>Filters and paging of the flow list: one stage (null: all), only nodes with a blocker, a name fragment.</summary>
public sealed record FlowQuery(BootstrapStage? Stage = null, bool BlockedOnly = false, string? Search = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 500;

    public bool Matches(NodeFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return (Stage is null || flow.Stage == Stage)
            && (!BlockedOnly || flow.Blocker is not null)
            && (string.IsNullOrWhiteSpace(Search) || flow.Node.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
