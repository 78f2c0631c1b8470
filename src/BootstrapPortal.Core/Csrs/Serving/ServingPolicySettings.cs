namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>The <c>CsrPolicy:Serving</c> configuration section (bound, so mutable); <see cref="ToPolicy"/> gives the immutable policy.</summary>
public sealed class ServingPolicySettings
{
    public bool Enabled { get; set; }

    public string? NodeNamePattern { get; set; }

    public string[] AllowedIpPrefixes { get; set; } = [];

    public int MaxDnsNames { get; set; } = ServingPolicy.Default.MaxDnsNames;

    public int MaxIpAddresses { get; set; } = ServingPolicy.Default.MaxIpAddresses;

    public bool SansWithinNodeAddresses { get; set; } = ServingPolicy.Default.SansWithinNodeAddresses;

    public bool ResolveDnsNames { get; set; }

    public double DnsTimeoutSeconds { get; set; } = ServingPolicy.Default.DnsTimeoutSeconds;

    public long? MaxExpirationSeconds { get; set; }

    public bool OnlyExistingNodes { get; set; } = ServingPolicy.Default.OnlyExistingNodes;

    public ServingPolicy ToPolicy() => new()
    {
        Enabled = Enabled,
        NodeNamePattern = NodeNamePattern?.Trim() ?? string.Empty,
        AllowedIpPrefixes = [.. (AllowedIpPrefixes ?? []).Select(p => p?.Trim() ?? string.Empty)],
        MaxDnsNames = MaxDnsNames,
        MaxIpAddresses = MaxIpAddresses,
        SansWithinNodeAddresses = SansWithinNodeAddresses,
        ResolveDnsNames = ResolveDnsNames,
        DnsTimeoutSeconds = DnsTimeoutSeconds,
        MaxExpirationSeconds = MaxExpirationSeconds,
        OnlyExistingNodes = OnlyExistingNodes,
    };
}
