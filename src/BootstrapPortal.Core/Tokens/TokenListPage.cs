using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Tokens;

/// <summary>One page of the token list, how many match in all, the next page's cursor (null on the last) and the snapshot it was cut from.</summary>
public sealed record TokenListPage(IReadOnlyList<BootstrapTokenInfo> Items, int Total, ListCursor? Next, long Version, DateTimeOffset BuiltAt);
