using System.ComponentModel.DataAnnotations;

namespace BootstrapPortal.Sandbox;

/// <summary>Settings of the embedded Kubernetes-compatible sandbox (configuration section <c>Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>TCP port of the sandbox API server on 127.0.0.1; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>How many simulated kubelets join at start (each a full kubelet with its own tasks; a fleet scales with <see cref="Fleet"/>).</summary>
    [Range(0, 200)]
    public int Nodes { get; set; } = 5;

    /// <summary>Whether simulated kubelets also request kubelet-serving certificates (left pending for a person).</summary>
    public bool ServingCertificates { get; set; } = true;

    /// <summary>How fast the sandbox clock runs against real time (1 = real time; 60 = a minute per second).</summary>
    [Range(0.001, 100000)]
    public double ClockSpeed { get; set; } = 1;

    /// <summary>Equivalent of kube-controller-manager's <c>--cluster-signing-duration</c>.</summary>
    public TimeSpan SigningDuration { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Where the admin kubeconfig is written; empty means <c>{DataDirectory}/sandbox-admin.kubeconfig</c>.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Folder for files the sandbox writes; empty means <c>.data/sandbox</c> under the content root.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Whether to seed realistic misfits (a node whose renewal is stuck, an expired token).</summary>
    public bool DemoMisfits { get; set; } = true;

    /// <summary>Which bootstrap RBAC bindings the sandbox starts with (see <see cref="SandboxRbacProfile"/>).</summary>
    [EnumDataType(typeof(SandboxRbacProfile))]
    public SandboxRbacProfile RbacProfile { get; set; } = SandboxRbacProfile.Kubeadm;

    /// <summary>The fleet scenario preloaded at start (section <c>Sandbox:Fleet</c>); empty by default.</summary>
    public Fleet.SandboxFleetOptions Fleet { get; set; } = new();
}
