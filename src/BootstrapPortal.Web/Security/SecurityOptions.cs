namespace BootstrapPortal.Web.Security;

/// <summary>Configuration section <c>Security</c>: who may reach the portal, through which names and proxies, and how often.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// In local mode the portal listens on and serves only loopback. Setting this lets it listen anywhere and serves anyone who
    /// can reach the port as an administrator: only for a trusted, isolated network. It is logged as a warning at start.
    /// </summary>
    public bool AllowRemoteAnonymous { get; set; }

    /// <summary>
    /// Host names (any port) the portal answers to, besides the loopback names that local mode always allows. Exact names, or
    /// <c>*.example.com</c> for subdomains. Required once login is configured.
    /// </summary>
    public List<string> AllowedHosts { get; } = [];

    /// <summary>Addresses of reverse proxies whose <c>X-Forwarded-For/-Proto/-Host</c> headers are honoured. None by default.</summary>
    public List<string> KnownProxies { get; } = [];

    /// <summary>CIDR ranges of reverse proxies whose forwarded headers are honoured (e.g. <c>10.0.0.0/8</c>). None by default.</summary>
    public List<string> KnownNetworks { get; } = [];

    /// <summary>How many proxy hops of <c>X-Forwarded-For</c> are read, right to left, each only from a known proxy (1–10).</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Largest request body the JSON API reads, in bytes; larger bodies answer 413.</summary>
    public long MaxApiBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How often one actor (or, without login, one client address) may mint credentials (tokens, kubeconfigs).</summary>
    public MintingRateLimitOptions MintingRateLimit { get; } = new();
}
