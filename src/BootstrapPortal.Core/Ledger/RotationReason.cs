namespace BootstrapPortal.Core.Ledger;

/// <summary>One reason of a node's <see cref="RotationAssessment"/>, with a sentence for people.</summary>
public sealed record RotationReason(RotationIssue Issue, CertificateKind Kind, RotationStatus Severity, [property: System.Text.Json.Serialization.JsonIgnore] Text.PortalText Text)
{
    /// <summary>The English sentence (API, metrics, logs).</summary>
    public string Message => Text.ToString();

    /// <summary>Stable code for metrics and the API, e.g. <c>client_renewal_pending</c>.</summary>
    public string Code => Kind.ToString().ToLowerInvariant() + "_" + Persistence.PortalDbContext.SnakeCase(Issue.ToString());
}
