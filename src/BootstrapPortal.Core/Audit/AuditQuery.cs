namespace BootstrapPortal.Core.Audit;

/// <summary>
/// A filter over the audit trail, newest first. <see cref="Actor"/> and <see cref="Action"/> match exactly; <see cref="Since"/>
/// is inclusive. <see cref="Skip"/>/<see cref="Limit"/> page through the matches.
/// </summary>
public sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    DateTimeOffset? Since = null,
    AuditOutcome? Outcome = null,
    int Skip = 0,
    int Limit = 100)
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Whether <paramref name="entry"/> passes the filter (paging aside).</summary>
    public bool Matches(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (string.IsNullOrEmpty(Actor) || string.Equals(entry.Actor, Actor, StringComparison.Ordinal))
            && (string.IsNullOrEmpty(Action) || string.Equals(entry.Action, Action, StringComparison.Ordinal))
            && (Since is null || entry.Time >= Since.Value)
            && (Outcome is null || entry.Outcome == Outcome.Value);
    }
}
