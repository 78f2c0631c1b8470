using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Core.Audit;

/// <summary>
/// One change made through the portal: who, what, on which object, how it ended and why. Never carries a secret.
/// <paramref name="TargetKind"/> is the Kubernetes kind (<c>CertificateSigningRequest</c>, <c>Secret</c>, <c>ClusterRoleBinding</c>, …);
/// <paramref name="TargetNamespace"/> is empty for cluster-scoped objects.
/// </summary>
public sealed record AuditEvent(
    DateTimeOffset Time,
    PortalActor Actor,
    string Action,
    string TargetKind,
    string? TargetNamespace,
    string TargetName,
    AuditOutcome Outcome,
    string? Reason,
    string? Detail = null,
    string? TargetUid = null);
