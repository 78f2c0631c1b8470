using BootstrapPortal.Core.Ledger;

namespace BootstrapPortal.Web.Api;

/// <summary>A recorded decision: <c>Approved</c>/<c>Denied</c>, the condition's reason, who (null when Kubernetes kept no name) and when.</summary>
public sealed record DecisionResponse(string Type, string? Reason, string? By, string BySource, DateTimeOffset? At)
{
    public static DecisionResponse? From(DecisionInfo? decision) => decision is null
        ? null
        : new(decision.Type.ToString(), decision.Reason, decision.By, decision.Source.ToString(), decision.At);
}

/// <summary>A row of <c>GET /api/v1/certificates</c>.</summary>
public sealed record CertificateResponse(
    string SerialNumber,
    string Issuer,
    string? Node,
    string Kind,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Sha256Fingerprint,
    bool? ChainsToClusterCa,
    string? CsrName,
    string? CsrUid,
    DecisionResponse? Decision)
{
    public static CertificateResponse From(LedgerCertificate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.SerialNumber, c.Issuer, c.Node, KindName(c.Kind), c.NotBefore, c.NotAfter, c.Sha256Fingerprint, c.ChainsToClusterCa, c.CsrName, c.CsrUid,
            DecisionResponse.From(c.Decision));
    }

    public static string KindName(CertificateKind kind) => kind.ToString().ToLowerInvariant();
}

/// <summary>A node's current certificate of one kind: serial and notAfter.</summary>
public sealed record NodeCertificateResponse(string SerialNumber, DateTimeOffset NotAfter)
{
    public static NodeCertificateResponse? From(LedgerCertificate? c) => c is null ? null : new(c.SerialNumber, c.NotAfter);
}

/// <summary>One rotation reason: a stable code (as in <c>/metrics</c>), its severity and a sentence.</summary>
public sealed record RotationReasonResponse(string Code, string Severity, string Message);

/// <summary>Rotation health: <c>healthy</c>, <c>warning</c> or <c>unhealthy</c>, with the reasons worst first.</summary>
public sealed record RotationResponse(string Status, IReadOnlyList<RotationReasonResponse> Reasons)
{
    public static RotationResponse From(RotationAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return new(assessment.Status.ToString().ToLowerInvariant(),
            assessment.Reasons.Select(r => new RotationReasonResponse(r.Code, r.Severity.ToString().ToLowerInvariant(), r.Message)).ToArray());
    }
}

/// <summary>A row of <c>GET /api/v1/nodes</c>.</summary>
public sealed record NodeResponse(
    string Name,
    bool? Ready,
    string? KubeletVersion,
    NodeCertificateResponse? ClientCertificate,
    NodeCertificateResponse? ServingCertificate,
    RotationResponse Rotation,
    string? JoinedWithToken)
{
    public static NodeResponse From(NodeCertificateRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.Name, row.Ready, row.KubeletVersion, NodeCertificateResponse.From(row.Client), NodeCertificateResponse.From(row.Serving),
            RotationResponse.From(row.Rotation), row.JoinedWithToken);
    }
}

/// <summary>A CSR of a node's history (kept after Kubernetes deleted it).</summary>
public sealed record LedgerRequestResponse(
    string Name,
    string Uid,
    string SignerName,
    string Kind,
    string Requestor,
    string? BootstrapTokenId,
    DateTimeOffset? CreatedAt,
    string State,
    DecisionResponse? Decision,
    string? FailureMessage,
    DateTimeOffset? IssuedAt,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? DeletedAt)
{
    public static LedgerRequestResponse From(LedgerRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var state = r.FailureMessage is not null ? "failed"
            : r.Decision?.Type == LedgerDecision.Denied ? "denied"
            : r.IssuedAt is not null ? "issued"
            : r.Decision is not null ? "approved"
            : "pending";
        return new(r.Name, r.Uid, r.SignerName, CertificateResponse.KindName(r.Kind), r.Requestor, r.BootstrapTokenId, r.CreatedAt, state,
            DecisionResponse.From(r.Decision), r.FailureMessage, r.IssuedAt, r.FirstSeen, r.LastSeen, r.DeletedAt);
    }
}

/// <summary><c>GET /api/v1/nodes/{name}/history</c>: the node (null when it left the cluster), its certificates and CSRs, newest first.</summary>
public sealed record NodeHistoryResponse(string Name, NodeResponse? Node, IReadOnlyList<CertificateResponse> Certificates, IReadOnlyList<LedgerRequestResponse> Requests);
