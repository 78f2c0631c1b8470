using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;

namespace BootstrapPortal.Web.Api;

/// <summary>Subject of a CSR row: CN and O values.</summary>
public sealed record CsrSubjectResponse(string? CommonName, IReadOnlyList<string> Organizations);

/// <summary>Requested subjectAltNames by kind.</summary>
public sealed record CsrSansResponse(IReadOnlyList<string> Dns, IReadOnlyList<string> Ip, IReadOnlyList<string> Email, IReadOnlyList<string> Uri)
{
    public static CsrSansResponse From(SubjectAlternativeNames sans)
    {
        ArgumentNullException.ThrowIfNull(sans);
        return new(sans.DnsNames, sans.IpAddresses, sans.EmailAddresses, sans.Uris);
    }
}

/// <summary>The issued certificate's identity and validity.</summary>
public sealed record CsrCertificateResponse(string SerialNumber, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Issuer, string Sha256Fingerprint)
{
    public static CsrCertificateResponse? From(DecodedCertificate? certificate) => certificate is null
        ? null
        : new(certificate.SerialNumber, certificate.NotBefore, certificate.NotAfter, certificate.Issuer.Text, certificate.Sha256Fingerprint);
}

/// <summary>The verdict of a list row: <c>Pass</c>, <c>Warn</c> or <c>Fail</c> with the reasons it is not Pass (failing first).</summary>
public sealed record CsrVerdictResponse(string Result, IReadOnlyList<string> Reasons)
{
    public static CsrVerdictResponse From(CsrVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new(verdict.Result.ToString(), verdict.Reasons);
    }
}

/// <summary>One verdict check: its stable id, <c>Pass</c>/<c>Info</c>/<c>Warn</c>/<c>Fail</c>, and one sentence.</summary>
public sealed record CsrCheckResponse(string Id, string Result, string Message)
{
    public static CsrCheckResponse From(CsrCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new(check.Id, check.Result.ToString(), check.Message);
    }

    public static IReadOnlyList<CsrCheckResponse> From(IEnumerable<CsrCheck>? checks) => [.. (checks ?? []).Select(From)];
}

/// <summary>
/// The verdict of <c>GET /api/v1/csrs/{name}</c>: the row fields plus every check (passed or not), the instant it describes
/// (the decision time for a decided CSR) and what approving it needs (<c>Reason</c>, <c>Confirmation</c>, <c>Override</c>).
/// </summary>
public sealed record CsrVerdictDetailResponse(
    string Result,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<CsrCheckResponse> Checks,
    DateTimeOffset? AsOf,
    bool Decided,
    string Approval)
{
    public static CsrVerdictDetailResponse From(CsrVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new(verdict.Result.ToString(), verdict.Reasons, CsrCheckResponse.From(verdict.Checks), verdict.AsOf, verdict.Decided,
            CsrApprovalRules.RequirementFor(verdict).ToString());
    }
}

/// <summary>A row of <c>GET /api/v1/csrs</c>.</summary>
public sealed record CsrResponse(
    string Name,
    string SignerName,
    string Username,
    string State,
    DateTimeOffset? CreatedAt,
    CsrSubjectResponse Subject,
    CsrSansResponse Sans,
    CsrCertificateResponse? Certificate,
    CsrVerdictResponse Verdict)
{
    public static CsrResponse From(CsrEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var v = entry.View;
        return new(v.Name, v.SignerName, v.Username, v.State.ToString(), v.CreatedAt, new CsrSubjectResponse(v.CommonName, v.Organizations),
            CsrSansResponse.From(v.SubjectAlternativeNames), CsrCertificateResponse.From(v.Certificate), CsrVerdictResponse.From(entry.Verdict));
    }
}

/// <summary>One name attribute of a decoded subject, in encoding order.</summary>
public sealed record NameAttributeResponse(string Type, string Oid, string Value);

/// <summary>The request's public key.</summary>
public sealed record PublicKeyResponse(string Algorithm, string AlgorithmOid, int? SizeBits, string? Curve, string Description, string SpkiSha256);

/// <summary>One requested extension.</summary>
public sealed record ExtensionResponse(string Oid, string Name, bool Critical, string Value);

/// <summary>The full decoded PKCS#10 request of <c>GET /api/v1/csrs/{name}</c>.</summary>
public sealed record DecodedRequestResponse(
    int Version,
    string SubjectText,
    IReadOnlyList<NameAttributeResponse> Subject,
    CsrSansResponse Sans,
    IReadOnlyList<string> OtherSans,
    PublicKeyResponse PublicKey,
    string SignatureAlgorithm,
    string SignatureAlgorithmOid,
    bool SignatureValid,
    string? SignatureError,
    IReadOnlyList<ExtensionResponse> Extensions,
    IReadOnlyList<string> OtherAttributes)
{
    public static DecodedRequestResponse? From(DecodedCertificateRequest? request)
    {
        if (request is null)
        {
            return null;
        }

        var key = request.PublicKey;
        return new(
            request.Version,
            request.Subject.Text,
            [.. request.Subject.Attributes.Select(a => new NameAttributeResponse(a.Type, a.Oid, a.Value))],
            CsrSansResponse.From(request.SubjectAlternativeNames),
            request.SubjectAlternativeNames.Other,
            new PublicKeyResponse(key.Algorithm, key.AlgorithmOid, key.SizeBits, key.Curve, key.Description, key.SpkiSha256),
            request.SignatureAlgorithm,
            request.SignatureAlgorithmOid,
            request.SignatureValid,
            request.SignatureError,
            [.. request.Extensions.Select(e => new ExtensionResponse(e.Oid, e.Name, e.Critical, e.Value))],
            request.OtherAttributes);
    }
}

/// <summary>
/// <c>GET /api/v1/csrs/{name}</c>: the row fields plus the spec, the full decoded request (null with <see cref="RequestError"/>
/// when undecodable), the certificate chain check, the conditions and the auto-approval prediction.
/// </summary>
public sealed record CsrDetailResponse(
    string Name,
    string SignerName,
    string Username,
    string State,
    DateTimeOffset? CreatedAt,
    CsrSubjectResponse Subject,
    CsrSansResponse Sans,
    CsrCertificateResponse? Certificate,
    CsrVerdictDetailResponse Verdict,
    string? Uid,
    IReadOnlyList<string> Groups,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Extra,
    IReadOnlyList<string> Usages,
    int? ExpirationSeconds,
    string Condition,
    DecodedRequestResponse? Request,
    string? RequestError,
    string? CertificateError,
    bool? ChainsToClusterCa,
    IReadOnlyList<CsrConditionView> Conditions,
    AutoApprovalPrediction AutoApproval)
{
    public static CsrDetailResponse From(CsrEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = CsrResponse.From(entry);
        var v = entry.View;
        return new(row.Name, row.SignerName, row.Username, row.State, row.CreatedAt, row.Subject, row.Sans, row.Certificate,
            CsrVerdictDetailResponse.From(entry.Verdict),
            v.RequesterUid, v.Groups, v.Extra, v.Usages, v.ExpirationSeconds, v.ConditionText, DecodedRequestResponse.From(v.Request),
            v.RequestError, v.CertificateError, v.ChainsToClusterCa, v.Conditions, entry.Verdict.AutoApproval);
    }
}

/// <summary>
/// Body of <c>POST /api/v1/csrs/{name}/approve</c> and <c>/deny</c>. Approving a CSR whose verdict fails needs
/// <c>"override": true</c> (and, as always, a reason); the audit trail records the override with the failing checks.
/// </summary>
public sealed record CsrDecisionBody(string? Reason, bool? Override = null);

/// <summary>
/// Answer of approve/deny: the outcome (<c>Approved</c>, <c>Denied</c>, <c>AlreadyDecided</c>, <c>Conflict</c>, …), the
/// condition, the verdict at the time of the write and its failing and warning checks (those an override overrode).
/// </summary>
public sealed record CsrDecisionResponse(string Name, string Outcome, string Message, CsrConditionView? Condition, string? Verdict,
    IReadOnlyList<CsrCheckResponse> Checks)
{
    public static CsrDecisionResponse From(CsrDecisionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Name, result.Outcome.ToString(), result.Message, result.ExistingDecision, result.Verdict?.ToString(),
            CsrCheckResponse.From(result.Checks));
    }
}
