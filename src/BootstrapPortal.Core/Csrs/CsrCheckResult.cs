namespace BootstrapPortal.Core.Csrs;

/// <summary>The outcome of one verdict check. The verdict is the worst of its checks; <see cref="Info"/> never changes it.</summary>
public enum CsrCheckResult
{
    /// <summary>The check was made and the request satisfies it.</summary>
    Pass,

    /// <summary>A fact worth knowing (e.g. what kube-controller-manager will do); does not affect the verdict.</summary>
    Info,

    /// <summary>A person should look before approving; approving needs a per-item confirmation.</summary>
    Warn,

    /// <summary>Unsafe or invalid: approving needs an explicit override with a reason.</summary>
    Fail,
}
