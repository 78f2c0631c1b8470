namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>
/// A node's <c>bootstrap-kubelet.conf</c> and what goes with it. <see cref="Yaml"/>, <see cref="JoinCommand"/> and
/// <see cref="InstallSnippet"/> carry the token secret: show or download them once, never log them.
/// </summary>
public sealed record BootstrapKubeconfig(
    string NodeName,
    string TokenId,
    string Yaml,
    string FileName,
    string KubeletFlags,
    string JoinCommand,
    string InstallSnippet,
    DateTimeOffset? Expiration)
{
    /// <summary>Keeps the secret-bearing members out of accidental <c>ToString()</c> calls.</summary>
    public override string ToString() => $"BootstrapKubeconfig {{ NodeName = {NodeName}, TokenId = {TokenId}, Expiration = {Expiration:O} }}";
}
