namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>Where a simulated kubelet is in its life.</summary>
public enum KubeletPhase
{
    Starting,
    WaitingForBootstrapCertificate,
    Registered,
    Renewing,
    Failed,
    Stopped,
}
