namespace BootstrapPortal.Core.Csrs;

/// <summary>The overall judgement of a CSR: the worst severity among its findings.</summary>
public enum CsrVerdictResult
{
    Pass,
    Warn,
    Fail,
}
