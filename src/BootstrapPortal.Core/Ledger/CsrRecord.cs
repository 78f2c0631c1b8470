namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// One CertificateSigningRequest as the ledger keeps it (<c>ledger_csrs</c>), keyed by the object's UID, after Kubernetes
/// has deleted it. Values are written once and never overwritten (a CSR's decision and certificate do not change), so
/// writes from several replicas, in any order, converge.
/// </summary>
public sealed class CsrRecord
{
    public long Id { get; set; }

    /// <summary><c>metadata.uid</c>: the key (names are reused, UIDs never).</summary>
    public string CsrUid { get; set; } = string.Empty;

    public string CsrName { get; set; } = string.Empty;

    public string SignerName { get; set; } = string.Empty;

    /// <summary><c>spec.username</c>: who asked.</summary>
    public string Requestor { get; set; } = string.Empty;

    /// <summary>The bootstrap token id when the requestor is <c>system:bootstrap:&lt;id&gt;</c> (a node joining).</summary>
    public string? BootstrapTokenId { get; set; }

    /// <summary>The node named by the request's CN <c>system:node:&lt;name&gt;</c>; null for other requests.</summary>
    public string? NodeName { get; set; }

    public CertificateKind Kind { get; set; }

    /// <summary><c>metadata.creationTimestamp</c> (UTC).</summary>
    public DateTime? CreatedAt { get; set; }

    public LedgerDecision? Decision { get; set; }

    /// <summary>The condition's reason, e.g. <c>AutoApproved</c>, <c>KubectlApprove</c>, <c>ApprovedByBootstrapPortal</c>.</summary>
    public string? DecisionReason { get; set; }

    public string? DecisionMessage { get; set; }

    public string? DecidedBy { get; set; }

    public DecisionSource? DecisionSource { get; set; }

    public DateTime? DecidedAt { get; set; }

    /// <summary>The Failed condition's message (the signer refused to sign).</summary>
    public string? FailureMessage { get; set; }

    /// <summary>When the ledger first saw the issued certificate on the CSR.</summary>
    public DateTime? IssuedAt { get; set; }

    /// <summary>Why the request or the certificate on it could not be decoded; null when both decoded.</summary>
    public string? DecodeError { get; set; }

    public DateTime FirstSeen { get; set; }

    public DateTime LastSeen { get; set; }

    /// <summary>When the ledger saw the CSR disappear from the cluster (deleted, or cleaned up by csrcleaner).</summary>
    public DateTime? DeletedAt { get; set; }
}
