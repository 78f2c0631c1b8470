using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Ledger;

/// <summary>One page of the Nodes list, how many match in all, the next page's cursor (null on the last) and the board it was cut from.</summary>
public sealed record NodeListPage(IReadOnlyList<NodeCertificateRow> Rows, int Total, ListCursor? Next, long Version, DateTimeOffset BuiltAt);
