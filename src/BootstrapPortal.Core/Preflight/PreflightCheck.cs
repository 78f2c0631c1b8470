namespace BootstrapPortal.Core.Preflight;

/// <summary>One prerequisite of node TLS bootstrapping, with the evidence the portal saw and how to fix it.</summary>
/// <param name="Id">Stable id (e.g. <c>bootstrap-token-auth</c>).</param>
/// <param name="Title">What is checked.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Evidence">What the portal saw, one fact per entry (never a secret).</param>
/// <param name="Fix">How to fix it; null when nothing needs doing.</param>
public sealed record PreflightCheck(string Id, string Title, PreflightStatus Status, IReadOnlyList<string> Evidence, string? Fix);
