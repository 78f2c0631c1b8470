namespace BootstrapPortal.Core.Audit;

/// <summary>
/// A page of the audit trail, newest first. Every filter is optional; <paramref name="Actor"/> and <paramref name="Action"/>
/// match exactly; <paramref name="Since"/> and <paramref name="Until"/> bound the time (inclusive, exclusive).
/// <paramref name="Take"/> is capped at <see cref="MaxTake"/>.
/// </summary>
public sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int Skip = 0,
    int Take = AuditQuery.DefaultTake,
    AuditOutcome? Outcome = null)
{
    public const int DefaultTake = 100;
    public const int MaxTake = 1000;
}
