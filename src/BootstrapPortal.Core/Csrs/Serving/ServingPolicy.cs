namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>
/// The serving-certificate policy: what the portal accepts in a <c>kubernetes.io/kubelet-serving</c> CSR (its rules are part of
/// every serving CSR's verdict) and whether the portal decides such CSRs by itself (<see cref="Enabled"/>). Stored in a
/// ConfigMap so every replica shares it; the <c>CsrPolicy:Serving</c> configuration section is the default until an Admin
/// saves one. Validate with <see cref="ServingPolicyValidator"/>.
/// </summary>
public sealed record ServingPolicy
{
    public static ServingPolicy Default { get; } = new();

    /// <summary>The policy approver approves pending serving CSRs that pass and denies those that fail (off by default).</summary>
    public bool Enabled { get; init; }

    /// <summary>A .NET regular expression the whole node name must match; empty means any node name.</summary>
    public string NodeNamePattern { get; init; } = string.Empty;

    /// <summary>CIDR prefixes every IP subjectAltName must lie in (e.g. <c>10.0.0.0/8</c>); empty means any address.</summary>
    public IReadOnlyList<string> AllowedIpPrefixes { get; init; } = [];

    /// <summary>The most DNS subjectAltNames a serving certificate may carry.</summary>
    public int MaxDnsNames { get; init; } = 5;

    /// <summary>The most IP subjectAltNames a serving certificate may carry.</summary>
    public int MaxIpAddresses { get; init; } = 5;

    /// <summary>Every subjectAltName must be among the Node's reported <c>status.addresses</c>.</summary>
    public bool SansWithinNodeAddresses { get; init; } = true;

    /// <summary>When deciding, resolve each DNS subjectAltName; it must resolve, and every IP SAN must be among the answers.</summary>
    public bool ResolveDnsNames { get; init; }

    /// <summary>How long one DNS resolution may take before the name counts as unresolvable.</summary>
    public double DnsTimeoutSeconds { get; init; } = 2;

    /// <summary>The longest <c>spec.expirationSeconds</c> a serving CSR may ask for; null leaves only <c>CsrPolicy:MaxRequestedLifetime</c>.</summary>
    public long? MaxExpirationSeconds { get; init; }

    /// <summary>Only nodes that are registered get serving certificates (an unknown node fails instead of warning).</summary>
    public bool OnlyExistingNodes { get; init; } = true;
}
