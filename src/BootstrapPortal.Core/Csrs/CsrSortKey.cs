namespace BootstrapPortal.Core.Csrs;

/// <summary>What the CSR list can be ordered by (ties by name). Missing values (no node, not decided, no certificate) order first ascending.</summary>
public enum CsrSortKey
{
    Created,
    Name,
    Requestor,
    Node,
    Signer,
    State,
    Verdict,
    CertificateExpires,
    DecidedAt,
}
