namespace BootstrapPortal.Core.Ledger;

/// <summary>The decision recorded on a CSR (its Approved or Denied condition).</summary>
public enum LedgerDecision
{
    Approved,
    Denied,
}
