using BootstrapPortal.Core.Csrs;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>
/// The CSR list over <see cref="CsrCatalog.Query"/>: the catalogue keeps its sort orders and facets per snapshot, shared by
/// every session, so a page view or a keystroke is a filter and a slice, never a sort of the whole fleet.
/// </summary>
public sealed class CatalogCsrListSource(CsrCatalog catalog) : ICsrListSource
{
    public CsrListResult Query(CsrListRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = catalog.Snapshot;
        var page = snapshot.Query(request.Query);
        return new CsrListResult(page.Items, page.Total, snapshot.Entries.Count, snapshot.PendingCount, snapshot.BulkApprovableCount, page.Facets.Signers, page.BuiltAt, page.Version);
    }

    public IReadOnlyList<string> Suggest(CsrFacet facet, string? text, int max)
    {
        var facets = catalog.Snapshot.Facets;
        var values = facet switch
        {
            CsrFacet.Signer => facets.Signers,
            CsrFacet.Requestor => facets.Requestors,
            _ => facets.Nodes,
        };
        var term = text?.Trim();
        return string.IsNullOrEmpty(term)
            ? values.Take(max).ToArray()
            : values.Where(v => v.Contains(term, StringComparison.OrdinalIgnoreCase)).Take(max).ToArray();
    }
}
