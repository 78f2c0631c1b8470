using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Core.Audit;

/// <summary>One stored audit record (the row of the audit table): an <see cref="AuditEvent"/> with its id, flattened for storage.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset Time,
    string Actor,
    PortalActorKind ActorKind,
    string Action,
    string TargetKind,
    string? TargetNamespace,
    string TargetName,
    string? TargetUid,
    AuditOutcome Outcome,
    string? Reason,
    string? Detail)
{
    /// <summary>Longest stored reason; longer ones are cut with an ellipsis.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>Longest stored detail; longer ones are cut with an ellipsis.</summary>
    public const int MaxDetailLength = 4000;

    /// <summary>The stored form of <paramref name="auditEvent"/> (times in UTC, long texts cut); <paramref name="id"/> is the store's.</summary>
    public static AuditEntry From(long id, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return new AuditEntry(id, auditEvent.Time.ToUniversalTime(), auditEvent.Actor.Name, auditEvent.Actor.Kind, auditEvent.Action,
            auditEvent.TargetKind, string.IsNullOrEmpty(auditEvent.TargetNamespace) ? null : auditEvent.TargetNamespace, auditEvent.TargetName,
            auditEvent.TargetUid, auditEvent.Outcome, Clip(auditEvent.Reason, MaxReasonLength), Clip(auditEvent.Detail, MaxDetailLength));
    }

    private static string? Clip(string? text, int max) =>
        text is null || text.Length <= max ? text : text[..(max - 1)] + "…";
}
