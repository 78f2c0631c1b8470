namespace BootstrapPortal.Sandbox;

/// <summary>Which bootstrap RBAC the sandbox starts with (<c>Sandbox:RbacProfile</c>).</summary>
public enum SandboxRbacProfile
{
    /// <summary>kubeadm's bindings: bootstrapping granted to <c>system:bootstrappers:kubeadm:default-node-token</c>, renewals to <c>system:nodes</c>.</summary>
    Kubeadm,

    /// <summary>
    /// The bindings of the Kubernetes TLS bootstrapping guide (and its Chinese walkthrough): bootstrapping granted to every
    /// bootstrap token (<c>system:bootstrappers</c>), renewals to <c>system:nodes</c>.
    /// </summary>
    OriginDocument,

    /// <summary>No bootstrap bindings at all (tokens can neither create CSRs nor be auto-approved): for demos and tests of the audit.</summary>
    Broken,
}
