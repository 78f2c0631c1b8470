namespace BootstrapPortal.Core.Cache;

/// <summary>One page of a list call: the items, the list's resourceVersion and the continue token if more remain.</summary>
public sealed record ResourcePage<T>(IList<T> Items, string? ResourceVersion, string? Continue);
