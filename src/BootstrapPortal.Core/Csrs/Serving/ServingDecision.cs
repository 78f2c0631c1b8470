namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>What the serving policy does with one pending serving CSR.</summary>
public enum ServingDecision
{
    /// <summary>Every check passes: approved with a condition naming the policy.</summary>
    Approve,

    /// <summary>A check fails: denied with a condition citing the failing checks.</summary>
    Deny,

    /// <summary>A check warns (nothing fails): left pending for a person.</summary>
    Leave,
}
