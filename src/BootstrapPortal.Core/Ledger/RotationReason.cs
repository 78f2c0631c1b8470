namespace BootstrapPortal.Core.Ledger;

/// <summary>One reason of a node's <see cref="RotationAssessment"/>, with a sentence for people.</summary>
public sealed record RotationReason(RotationIssue Issue, CertificateKind Kind, RotationStatus Severity, string Message)
{
    /// <summary>Stable code for metrics and the API, e.g. <c>client_renewal_pending</c>.</summary>
    public string Code => Kind.ToString().ToLowerInvariant() + "_" + Persistence.PortalDbContext.SnakeCase(Issue.ToString());
}
