namespace BootstrapPortal.Core.Ledger;

/// <summary>A CSR from the ledger, whether or not it is still in the cluster.</summary>
public sealed record LedgerRequest(
    string Name,
    string Uid,
    string SignerName,
    string Requestor,
    string? BootstrapTokenId,
    string? Node,
    CertificateKind Kind,
    DateTimeOffset? CreatedAt,
    DecisionInfo? Decision,
    string? FailureMessage,
    DateTimeOffset? IssuedAt,
    string? DecodeError,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? DeletedAt)
{
    /// <summary>Pending: no decision and no failure.</summary>
    public bool IsPending => Decision is null && FailureMessage is null;

    internal static LedgerRequest From(CsrRecord r) => new(
        r.CsrName, r.CsrUid, r.SignerName, r.Requestor, r.BootstrapTokenId, r.NodeName, r.Kind, DecisionInfo.Instant(r.CreatedAt),
        DecisionInfo.From(r), r.FailureMessage, DecisionInfo.Instant(r.IssuedAt), r.DecodeError, DecisionInfo.Instant(r.FirstSeen)!.Value,
        DecisionInfo.Instant(r.LastSeen)!.Value, DecisionInfo.Instant(r.DeletedAt));
}
