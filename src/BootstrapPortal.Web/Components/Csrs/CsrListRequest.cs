using BootstrapPortal.Core.Csrs;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>One page of the CSR list: the filters, the sort and the slice (the query of <see cref="CsrCatalog.Query"/>).</summary>
public sealed record CsrListRequest(CsrListQuery Query);
