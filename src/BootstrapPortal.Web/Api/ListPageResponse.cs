namespace BootstrapPortal.Web.Api;

/// <summary>
/// The paged form of a list endpoint (when <c>limit</c> or <c>continue</c> is given): one page of <see cref="Items"/>, how
/// many match in all, and the <c>continue</c> token of the next page (null on the last).
/// </summary>
public sealed record ListPageResponse<T>(IReadOnlyList<T> Items, int Total, string? Continue);
