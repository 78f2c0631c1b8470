using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// One page of the CSR list: the entries, how many match in all, the cursor of the next page (null on the last), and the
/// snapshot it was cut from (<see cref="Version"/> grows with every rebuild, so a page can tell whether its data changed) with
/// its facets for the filter drop-downs.
/// </summary>
public sealed record CsrListPage(
    IReadOnlyList<CsrEntry> Items,
    int Total,
    ListCursor? Next,
    long Version,
    DateTimeOffset BuiltAt,
    CsrFacets Facets);
