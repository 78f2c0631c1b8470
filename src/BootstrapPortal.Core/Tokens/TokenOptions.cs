namespace BootstrapPortal.Core.Tokens;

/// <summary>Token minting policy (configuration section <c>Tokens</c>).</summary>
public sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>TTL when a request names none (kubeadm: 24h).</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest TTL (and the furthest extension) the portal mints.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Whether tokens without an expiration may be minted. Off unless an admin turns it on.</summary>
    public bool AllowNeverExpiring { get; set; }

    /// <summary>Tokens expiring within this window show as <see cref="TokenStatus.ExpiringSoon"/>.</summary>
    public TimeSpan ExpiringSoonThreshold { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Extra groups when a request names none: kubeadm's node group, which kubeadm's RBAC lets post and auto-approve
    /// node client CSRs (k/k cmd/kubeadm/app/phases/bootstraptoken/node/tlsbootstrap.go).
    /// </summary>
    public IList<string> DefaultGroups { get; } = [];

    /// <summary>The default extra group, used when <see cref="DefaultGroups"/> is not configured.</summary>
    public const string KubeadmNodeGroup = "system:bootstrappers:kubeadm:default-node-token";

    /// <summary><see cref="DefaultGroups"/>, or <see cref="KubeadmNodeGroup"/> when none are configured.</summary>
    public IReadOnlyList<string> EffectiveDefaultGroups => DefaultGroups.Count > 0 ? [.. DefaultGroups] : [KubeadmNodeGroup];
}
