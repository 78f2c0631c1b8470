using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Everything the list, the detail page and the JSON API show about one CertificateSigningRequest, derived purely from the
/// object (see <see cref="CsrViews.Create"/>). Content that cannot be decoded is reported in <see cref="RequestError"/> /
/// <see cref="CertificateError"/> with the reason; the view itself never fails to build.
/// </summary>
public sealed record CsrView
{
    public required string Name { get; init; }

    /// <summary><c>metadata.uid</c> of the CSR object.</summary>
    public string? ObjectUid { get; init; }

    public string? ResourceVersion { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public string SignerName { get; init; } = string.Empty;

    /// <summary><c>spec.username</c>: who asked (kubectl's REQUESTOR column).</summary>
    public string Username { get; init; } = string.Empty;

    /// <summary><c>spec.uid</c> of the requester.</summary>
    public string? RequesterUid { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<string> Usages { get; init; } = [];

    public int? ExpirationSeconds { get; init; }

    public CsrState State { get; init; }

    /// <summary>kubectl's CONDITION text, e.g. <c>Approved,Issued</c>.</summary>
    public string ConditionText { get; init; } = string.Empty;

    /// <summary>The node the CSR is for: CN minus <c>system:node:</c>, when the CN has that form.</summary>
    public string? NodeName { get; init; }

    public string? CommonName { get; init; }

    public IReadOnlyList<string> Organizations { get; init; } = [];

    /// <summary>The requested SANs (empty when the request could not be decoded).</summary>
    public SubjectAlternativeNames SubjectAlternativeNames { get; init; } = SubjectAlternativeNames.None;

    /// <summary>The decoded PKCS#10 request; null when undecodable (see <see cref="RequestError"/>).</summary>
    public DecodedCertificateRequest? Request { get; init; }

    /// <summary>Why <c>spec.request</c> could not be decoded; null when it was.</summary>
    public string? RequestError { get; init; }

    /// <summary>The PEM text of <c>spec.request</c> as stored (for download); null when it is not text.</summary>
    public string? RequestPem { get; init; }

    /// <summary>The issued certificate (first block of <c>status.certificate</c>); null when none or undecodable.</summary>
    public DecodedCertificate? Certificate { get; init; }

    /// <summary>Every certificate of <c>status.certificate</c> (leaf first).</summary>
    public IReadOnlyList<DecodedCertificate> CertificateChain { get; init; } = [];

    /// <summary>Why <c>status.certificate</c> could not be decoded; null when it was or is empty.</summary>
    public string? CertificateError { get; init; }

    public string? CertificatePem { get; init; }

    /// <summary>Whether the issued certificate chains to the cluster CA; null when unknown (no certificate or no CA).</summary>
    public bool? ChainsToClusterCa { get; init; }

    /// <summary>Why the chain check could not be made (e.g. the CA could not be read); null otherwise.</summary>
    public string? ChainCheckError { get; init; }

    public DateTimeOffset? CertificateNotAfter => Certificate?.NotAfter;

    public IReadOnlyList<CsrConditionView> Conditions { get; init; } = [];

    /// <summary>The Approved or Denied condition (the first one), when someone decided; null while pending.</summary>
    public CsrConditionView? Decision => Conditions.FirstOrDefault(c => c.Type is "Approved" or "Denied");

    /// <summary>When the request was decided: the decision's <c>lastUpdateTime</c>, else its <c>lastTransitionTime</c>.</summary>
    public DateTimeOffset? DecidedAt => Decision is { } d ? d.LastUpdateTime ?? d.LastTransitionTime : null;

    public bool IsPending => State == CsrState.Pending;

    /// <summary>Time since creation at <paramref name="now"/>; null when the creation time is unknown. Views hold no clock, so they can be shared until the object changes.</summary>
    public TimeSpan? AgeAt(DateTimeOffset now) => CreatedAt is { } created ? now - created : null;

    /// <summary>Time left on the issued certificate at <paramref name="now"/> (negative when expired); null without a certificate.</summary>
    public TimeSpan? CertificateTimeLeftAt(DateTimeOffset now) => Certificate is { } certificate ? certificate.NotAfter - now : null;
}
