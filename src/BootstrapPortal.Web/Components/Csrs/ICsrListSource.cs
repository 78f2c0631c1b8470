namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>Pages of the CSR list from the shared snapshot (one implementation per process, shared by every session).</summary>
public interface ICsrListSource
{
    CsrListResult Query(CsrListRequest request);

    /// <summary>A facet's values containing <paramref name="text"/> (case-insensitive), at most <paramref name="max"/>, for a filter's suggestions.</summary>
    IReadOnlyList<string> Suggest(CsrFacet facet, string? text, int max);
}
