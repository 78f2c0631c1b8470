namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>How one simulated kubelet is configured (normal, or a seeded demo misfit).</summary>
public sealed record KubeletBehavior
{
    /// <summary>Normal kubelet (kubeadm defaults: client rotation on).</summary>
    public static KubeletBehavior Default { get; } = new();

    /// <summary>Whether it also requests a kubelet-serving certificate (<c>serverTLSBootstrap: true</c>).</summary>
    public bool ServingCertificate { get; init; }

    /// <summary>
    /// Misfit: renewal CSRs carry a DNS subjectAltName (a misconfigured kubelet), so csrapproving does not recognise them
    /// and they stay pending; if a person approves one, csrsigning marks it Failed ("DNS subjectAltNames are not allowed").
    /// </summary>
    public bool BrokenRenewalRequest { get; init; }

    /// <summary>
    /// When set, the kubelet starts with an existing client certificate instead of bootstrapping (as a node that joined
    /// long ago, whose kubeconfig is still valid).
    /// </summary>
    public KubeletCredentials? InitialCredentials { get; init; }
}
