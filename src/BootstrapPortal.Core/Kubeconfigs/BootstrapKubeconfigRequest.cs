namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>A bootstrap kubeconfig for one node, with a fresh token.</summary>
/// <param name="NodeName">The node (DNS-1123 subdomain).</param>
/// <param name="Ttl">Token TTL; null = the configured default.</param>
/// <param name="OneTime">Delete the token once the node's first client certificate is issued.</param>
/// <param name="ServerOverride">API server URL to put in the kubeconfig (e.g. <c>https://127.0.0.1:6443</c> behind a node-local proxy).</param>
public sealed record BootstrapKubeconfigRequest(string NodeName, TimeSpan? Ttl = null, bool OneTime = true, string? ServerOverride = null);
