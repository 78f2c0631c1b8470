namespace BootstrapPortal.Core.Csrs;

/// <summary>What a <see cref="CsrView"/> is built against: the current instant and, if known, the cluster CA (PEM).</summary>
public sealed record CsrViewContext(DateTimeOffset Now, string? ClusterCaPem = null);
