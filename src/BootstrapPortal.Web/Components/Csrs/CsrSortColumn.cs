namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>The columns the CSR list sorts by (the query string's <c>sort</c> values, case-insensitive).</summary>
public enum CsrSortColumn
{
    /// <summary>The default: pending first (they need a person), newest first within a state.</summary>
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
