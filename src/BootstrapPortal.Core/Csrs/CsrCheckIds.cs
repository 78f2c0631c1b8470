namespace BootstrapPortal.Core.Csrs;

/// <summary>The stable ids of verdict checks (API <c>checks[].id</c>, condition messages, tests). Each check reports Pass or not.</summary>
public static class CsrCheckIds
{
    /// <summary><c>spec.request</c> decodes as one PKCS#10 request.</summary>
    public const string RequestDecodes = "request-decodes";

    /// <summary>The request's self-signature verifies.</summary>
    public const string Signature = "signature";

    /// <summary>Kubelet signers: O exactly <c>[system:nodes]</c>. Other signers: no reserved or foreign group.</summary>
    public const string Organization = "organization";

    /// <summary>Kubelet signers: CN <c>system:node:&lt;name&gt;</c>. Other signers: no identity the requester cannot be given.</summary>
    public const string CommonName = "common-name";

    /// <summary>Usages as the signer demands.</summary>
    public const string Usages = "usages";

    /// <summary>The subjectAltNames the signer allows.</summary>
    public const string SubjectAltNames = "sans";

    /// <summary>Who asked, and whether that identity may ask this signer for this subject.</summary>
    public const string Requester = "requester";

    /// <summary>A request for a node's name by someone other than that node: did the node exist before the request?</summary>
    public const string NodeTakeover = "node-takeover";

    /// <summary>Serving: the Node is registered (its addresses are known).</summary>
    public const string NodeRegistered = "node-registered";

    /// <summary>Serving: every SAN is among the Node's reported addresses.</summary>
    public const string SansInNodeAddresses = "sans-in-node-addresses";

    /// <summary>Serving policy: the node name matches the configured pattern.</summary>
    public const string NodeNamePattern = "node-name-pattern";

    /// <summary>Serving policy: every IP SAN lies within an allowed prefix.</summary>
    public const string IpPrefixes = "ip-prefixes";

    /// <summary>Serving policy: no more DNS and IP SANs than allowed.</summary>
    public const string SanCount = "san-count";

    /// <summary>Serving policy: each DNS SAN resolves (only when the policy decides or dry-runs).</summary>
    public const string DnsResolution = "dns-resolution";

    /// <summary><c>spec.expirationSeconds</c> within the limit.</summary>
    public const string Lifetime = "lifetime";

    /// <summary>A signer the portal has rules for.</summary>
    public const string Signer = "signer";

    /// <summary>What kube-controller-manager's csrapproving does with it (or did, for a decided CSR).</summary>
    public const string AutoApproval = "auto-approval";
}
