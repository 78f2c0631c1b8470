namespace BootstrapPortal.Core.Certificates;

/// <summary>A subject or issuer name: its attributes in encoding order plus the convenience values Kubernetes reads.</summary>
public sealed record DistinguishedName(IReadOnlyList<NameAttribute> Attributes)
{
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    /// <summary>
    /// The common name as Go's <c>pkix.Name</c> (and so Kubernetes) sees it: the last CN attribute; null when none.
    /// </summary>
    public string? CommonName => Attributes.LastOrDefault(a => a.Oid == CommonNameOid)?.Value;

    /// <summary>All O attributes in encoding order (Go's <c>pkix.Name.Organization</c>).</summary>
    public IReadOnlyList<string> Organizations =>
        [.. Attributes.Where(a => a.Oid == OrganizationOid).Select(a => a.Value)];

    /// <summary>OpenSSL's one-line form, e.g. <c>O = system:nodes, CN = system:node:worker-1</c> (values unescaped).</summary>
    public string Text => string.Join(", ", Attributes.Select(a => $"{a.Type} = {a.Value}"));

    public override string ToString() => Text;
}
