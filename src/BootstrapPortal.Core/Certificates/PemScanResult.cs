namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// The PEM blocks found in an input, in order, plus the first reason a <c>-----BEGIN</c> candidate was rejected
/// (Go skips such candidates silently; the reason makes errors precise).
/// </summary>
internal sealed record PemScanResult(IReadOnlyList<PemBlock> Blocks, string? FirstRejection);
