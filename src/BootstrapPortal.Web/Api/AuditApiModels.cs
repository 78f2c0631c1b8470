using BootstrapPortal.Core.Audit;

namespace BootstrapPortal.Web.Api;

/// <summary>One record of <c>GET /api/v1/audit</c>.</summary>
public sealed record AuditRecordResponse(
    long Id,
    DateTimeOffset Time,
    string Actor,
    string ActorKind,
    string Action,
    string TargetKind,
    string? TargetNamespace,
    string TargetName,
    string? TargetUid,
    string Outcome,
    string? Reason,
    string? Detail)
{
    public static AuditRecordResponse From(AuditRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Id, new DateTimeOffset(DateTime.SpecifyKind(entry.Time, DateTimeKind.Utc)), entry.Actor, entry.ActorKind.ToString(), entry.Action, entry.TargetKind, entry.TargetNamespace,
            entry.TargetName, entry.TargetUid, entry.Outcome.ToString(), entry.Reason, entry.Detail);
    }
}

/// <summary>A page of <c>GET /api/v1/audit</c>: newest first, <c>total</c> matching records in all.</summary>
public sealed record AuditPageResponse(IReadOnlyList<AuditRecordResponse> Items, int Total, int Skip, int Limit);
