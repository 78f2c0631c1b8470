namespace BootstrapPortal.Core.Audit;

/// <summary>How a recorded action ended.</summary>
public enum AuditOutcome
{
    Succeeded,

    /// <summary>Refused by the portal (role) or by Kubernetes (RBAC, admission) — nothing changed.</summary>
    Refused,

    /// <summary>Tried and failed (conflict, unreachable cluster, invalid input) — nothing changed.</summary>
    Failed,
}
