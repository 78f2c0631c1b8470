using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BootstrapPortal.Core.Csrs;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>
/// The CSR list over <see cref="CsrCatalog.Snapshot"/>: per snapshot, each sort order and each facet is computed once and
/// shared by every session, so a page view or a keystroke is a filter and a slice, never a sort of the whole fleet.
/// </summary>
public sealed class CatalogCsrListSource(CsrCatalog catalog) : ICsrListSource
{
    private readonly ConditionalWeakTable<CsrCatalogSnapshot, SnapshotIndex> _indexes = new();

    public CsrListResult Query(CsrListRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = catalog.Snapshot;
        var index = _indexes.GetValue(snapshot, s => new SnapshotIndex(s));
        var ordered = index.Ordered(request.Sort, request.Descending);
        var filter = request.Filter;
        var unfiltered = filter == CsrQuery.All;
        var page = new List<CsrEntry>(Math.Min(request.Limit, 100));
        var total = 0;
        foreach (var entry in ordered)
        {
            if (!unfiltered && !filter.Matches(entry.View))
            {
                continue;
            }

            if (total >= request.Offset && page.Count < request.Limit)
            {
                page.Add(entry);
            }

            total++;
        }

        return new CsrListResult(page, total, snapshot.Entries.Count, snapshot.PendingCount, snapshot.BulkApprovableCount, index.Signers, snapshot.BuiltAt, snapshot);
    }

    public IReadOnlyList<string> Suggest(CsrFacet facet, string? text, int max)
    {
        var index = _indexes.GetValue(catalog.Snapshot, s => new SnapshotIndex(s));
        var values = index.Facet(facet);
        var term = text?.Trim();
        return string.IsNullOrEmpty(term)
            ? values.Take(max).ToArray()
            : values.Where(v => v.Contains(term, StringComparison.OrdinalIgnoreCase)).Take(max).ToArray();
    }

    /// <summary>The sort orders and facets of one snapshot, built on first use.</summary>
    private sealed class SnapshotIndex(CsrCatalogSnapshot snapshot)
    {
        private readonly ConcurrentDictionary<(CsrSortColumn, bool), IReadOnlyList<CsrEntry>> _orders = new();
        private readonly ConcurrentDictionary<CsrFacet, IReadOnlyList<string>> _facets = new();

        public IReadOnlyList<string> Signers => Facet(CsrFacet.Signer);

        public IReadOnlyList<CsrEntry> Ordered(CsrSortColumn column, bool descending) =>
            _orders.GetOrAdd((column, descending), key => CsrListView.Order(snapshot.Entries, key.Item1, key.Item2));

        public IReadOnlyList<string> Facet(CsrFacet facet) => _facets.GetOrAdd(facet, f => CsrListView.Choices(snapshot.Entries, f switch
        {
            CsrFacet.Signer => v => v.SignerName,
            CsrFacet.Requestor => v => v.Username,
            _ => v => v.NodeName,
        }));
    }
}
