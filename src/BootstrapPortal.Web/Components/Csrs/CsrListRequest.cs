using BootstrapPortal.Core.Csrs;
namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>One page of the CSR list: the filters, the sort and the slice.</summary>
public sealed record CsrListRequest(CsrQuery Filter, CsrSortColumn Sort, bool Descending, int Offset, int Limit);
