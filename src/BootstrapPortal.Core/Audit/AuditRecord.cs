using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Core.Audit;

/// <summary>
/// One row of the audit trail's table (<c>audit_records</c>): an <see cref="AuditEvent"/> as stored. Build it with
/// <see cref="From"/>, which enforces the column limits, and read it back with <see cref="ToEvent"/>.
/// </summary>
public sealed class AuditRecord
{
    public const int ActorMaxLength = 320;
    public const int ActionMaxLength = 64;
    public const int TargetKindMaxLength = 64;
    public const int TargetNameMaxLength = 253;
    public const int TargetUidMaxLength = 64;
    public const int ReasonMaxLength = 1000;
    public const int DetailMaxLength = 4000;

    public long Id { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTime Time { get; set; }

    public string Actor { get; set; } = string.Empty;

    public PortalActorKind ActorKind { get; set; }

    /// <summary>An <see cref="AuditAction"/> value, e.g. <c>csr.approve</c>.</summary>
    public string Action { get; set; } = string.Empty;

    public string TargetKind { get; set; } = string.Empty;

    public string? TargetNamespace { get; set; }

    public string TargetName { get; set; } = string.Empty;

    public string? TargetUid { get; set; }

    public AuditOutcome Outcome { get; set; }

    public string? Reason { get; set; }

    public string? Detail { get; set; }

    /// <summary>The row for <paramref name="auditEvent"/>; over-long text is cut to the column's limit (marked with an ellipsis).</summary>
    public static AuditRecord From(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return new AuditRecord
        {
            Time = auditEvent.Time.UtcDateTime,
            Actor = Cut(auditEvent.Actor.Name, ActorMaxLength)!,
            ActorKind = auditEvent.Actor.Kind,
            Action = Cut(auditEvent.Action, ActionMaxLength)!,
            TargetKind = Cut(auditEvent.TargetKind, TargetKindMaxLength)!,
            TargetNamespace = string.IsNullOrEmpty(auditEvent.TargetNamespace) ? null : Cut(auditEvent.TargetNamespace, TargetNameMaxLength),
            TargetName = Cut(auditEvent.TargetName, TargetNameMaxLength)!,
            TargetUid = string.IsNullOrEmpty(auditEvent.TargetUid) ? null : Cut(auditEvent.TargetUid, TargetUidMaxLength),
            Outcome = auditEvent.Outcome,
            Reason = Cut(auditEvent.Reason, ReasonMaxLength),
            Detail = Cut(auditEvent.Detail, DetailMaxLength),
        };
    }

    /// <summary>
    /// The event as recorded. The actor comes back with its name and kind only: roles and groups are not part of the trail.
    /// </summary>
    public AuditEvent ToEvent() => new(
        new DateTimeOffset(DateTime.SpecifyKind(Time, DateTimeKind.Utc)),
        new PortalActor(Actor, ActorKind, [], []),
        Action,
        TargetKind,
        TargetNamespace,
        TargetName,
        Outcome,
        Reason,
        Detail,
        TargetUid);

    private static string? Cut(string? value, int max) =>
        value is null || value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
}
