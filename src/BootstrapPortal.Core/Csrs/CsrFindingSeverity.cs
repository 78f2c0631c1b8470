namespace BootstrapPortal.Core.Csrs;

/// <summary>How much one verdict finding weighs.</summary>
public enum CsrFindingSeverity
{
    /// <summary>Worth knowing; does not affect the result.</summary>
    Info,

    /// <summary>A person should look before approving.</summary>
    Warn,

    /// <summary>Unsafe or invalid: do not approve.</summary>
    Fail,
}
