namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// An X.509 extension (requested in a CSR or present in a certificate): OID, display name, criticality, and a short
/// value text, e.g. <c>digitalSignature, keyEncipherment</c>, <c>clientAuth</c>, <c>CA:FALSE</c>,
/// <c>DNS:node-1, IP:10.0.0.5</c>. Unknown extensions show their size.
/// </summary>
public sealed record ExtensionDescription(string Oid, string Name, bool Critical, string Value);
